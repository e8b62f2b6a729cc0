import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WorkQueue } from '../ingest/reprocess.ts';

/** Sends work to the deployed ingest queue, ten messages per request; a failed entry fails the call. */
export class SqsWorkQueue implements WorkQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messageBodies: string[]): Promise<void> {
    for (let start = 0; start < messageBodies.length; start += 10) {
      const entries = messageBodies.slice(start, start + 10).map((body, i) => ({ Id: String(i), MessageBody: body }));
      const result = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
      if (result.Failed && result.Failed.length > 0) {
        throw new Error(`SQS refused ${result.Failed.length} reprocess messages: ${result.Failed.map((f) => f.Message).join('; ')}`);
      }
    }
  }
}
