import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';

export interface DeadLetterView {
  messageId: string;
  body: string;
  receiveCount: number;
  sentAt: number;
}

/**
 * Looks at the deployed dead-letter queue without consuming it: messages are received with a
 * visibility timeout of a few seconds, so they reappear for the next look or a redrive.
 *
 * @example await peekDeadLetters(sqs, url) // → [{ messageId: '5f…', body: '{"Records":[…]}', receiveCount: 5, … }]
 */
export async function peekDeadLetters(sqs: SQSClient, queueUrl: string, max = 50): Promise<DeadLetterView[]> {
  const seen = new Map<string, DeadLetterView>();
  for (let round = 0; round < Math.ceil(max / 10); round++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 5,
        WaitTimeSeconds: round === 0 ? 1 : 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      }),
    );
    if (Messages.length === 0) break;
    for (const message of Messages) {
      if (!message.MessageId || seen.has(message.MessageId)) continue;
      seen.set(message.MessageId, {
        messageId: message.MessageId,
        body: message.Body ?? '',
        receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
        sentAt: Number(message.Attributes?.SentTimestamp ?? 0),
      });
    }
  }
  return [...seen.values()];
}

/**
 * Moves every dead letter back to the queue it came from (SQS's own DLQ redrive).
 *
 * @example await redriveDeadLetterQueue(sqs, url) // → { taskHandle: 'eyJ…', approximateMessages: 3 }
 */
export async function redriveDeadLetterQueue(sqs: SQSClient, queueUrl: string): Promise<{ taskHandle: string | null; approximateMessages: number }> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'] }),
  );
  if (!Attributes.QueueArn) throw new Error(`No ARN for ${queueUrl}`);
  const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: Attributes.QueueArn }));
  return { taskHandle: task.TaskHandle ?? null, approximateMessages: Number(Attributes.ApproximateNumberOfMessages ?? 0) };
}

/**
 * Sends a message that retrying cannot fix straight to the dead-letter queue, with the reason as
 * a message attribute, so it does not take `maxReceiveCount` receives to get there.
 *
 * @example await new SqsDeadLetterQueue(sqs, dlqUrl).send({ messageId: 'm1', body: 'not json' }, 'The message body is not JSON.')
 */
export class SqsDeadLetterQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: { messageId: string; body: string }, reason: string): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: message.body,
        MessageAttributes: {
          kabarFailure: { DataType: 'String', StringValue: reason.slice(0, 1_000) },
          kabarSourceMessageId: { DataType: 'String', StringValue: message.messageId },
        },
      }),
    );
  }
}
