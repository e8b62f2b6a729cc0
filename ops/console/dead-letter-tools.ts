import type { SQSClient } from '@aws-sdk/client-sqs';
import { peekDeadLetters, redriveDeadLetterQueue } from '../../shared/adapters/sqs-dead-letters.ts';
import { listDeadLetters, redriveDeadLetters } from '../local/local-queue.ts';
import type { DeadLetterTools } from './api.ts';

/** The local stack's dead-letter store (the same functions as `kabar dlq`). */
export function localDeadLetterTools(dataDir: string): DeadLetterTools {
  return {
    list: async () =>
      (await listDeadLetters(dataDir)).map((l) => ({ messageId: l.messageId, body: l.body, receiveCount: l.receiveCount, lastError: l.lastError ?? null })),
    redrive: async (ids) => {
      const moved = await redriveDeadLetters(dataDir, ids);
      return `moved ${moved.length} message(s) back to the queue`;
    },
  };
}

/** The deployed DLQ (the same functions as `kabar dlq --aws`); SQS redrives the whole queue. */
export function awsDeadLetterTools(sqs: SQSClient, queueUrl: string | null): DeadLetterTools {
  const url = (): string => {
    if (!queueUrl) throw new Error('INGEST_DLQ_URL is not set (take it from the stack outputs)');
    return queueUrl;
  };
  return {
    list: async () => (await peekDeadLetters(sqs, url())).map((l) => ({ messageId: l.messageId, body: l.body, receiveCount: l.receiveCount, lastError: null })),
    redrive: async (ids) => {
      if (ids !== undefined) throw new Error('Against AWS, redrive moves the whole DLQ (SQS message move task); use "Redrive all".');
      const task = await redriveDeadLetterQueue(sqs, url());
      return `redrive started: about ${task.approximateMessages} message(s)`;
    },
  };
}
