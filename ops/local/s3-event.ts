/**
 * S3 event notification records as AWS shapes them, for the local S3 endpoint.
 * s3rver's own records carry raw keys, eventVersion 2.0 and a millisecond "sequencer";
 * the deployed handler sees AWS's records, so the local stack builds those instead.
 */
import { randomBytes } from 'node:crypto';
import type { S3EventRecord } from 'aws-lambda';
import { encodeS3EventKey } from '../../shared/ingest/s3-event.ts';

export const LOCAL_REGION = 'us-east-1';

/** Event names the local endpoint produces (a subset of S3's). */
export type LocalS3EventName =
  | 'ObjectCreated:Put'
  | 'ObjectCreated:Post'
  | 'ObjectCreated:Copy'
  | 'ObjectCreated:CompleteMultipartUpload'
  | 'ObjectRemoved:Delete';

/**
 * Strictly increasing sequencer values for one endpoint, like S3's per-key `sequencer`
 * (hex of a fixed width, so padding never changes their order). Based on the clock so they also increase across restarts.
 *
 * @example const next = createSequencer(); next() < next() // → true, e.g. '018F3A2B4C5D0000' then '018F3A2B4C5D0001'
 */
export function createSequencer(now: () => number = Date.now): () => string {
  let last = 0n;
  return () => {
    const fromClock = BigInt(now()) << 16n;
    last = fromClock > last ? fromClock : last + 1n;
    return last.toString(16).toUpperCase().padStart(16, '0');
  };
}

export interface ObjectEventInput {
  eventName: LocalS3EventName;
  bucket: string;
  /** The raw object key; it is encoded here. */
  key: string;
  size?: number;
  eTag?: string;
  sequencer: string;
  sourceIp?: string;
  configurationId?: string;
  eventTime?: Date;
}

/**
 * Builds one AWS-shaped S3 event record. Deletions carry no size or eTag, as on AWS;
 * versionId is absent because the local bucket is unversioned.
 *
 * @example
 * buildS3EventRecord({ eventName: 'ObjectCreated:Put', bucket: 'b', key: 'incoming/a b.txt', size: 3, eTag: 'abc', sequencer: '01' })
 * // → { eventVersion: '2.1', eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { object: { key: 'incoming/a+b.txt', size: 3, eTag: 'abc', sequencer: '01' }, … }, … }
 */
export function buildS3EventRecord(input: ObjectEventInput): S3EventRecord {
  const object: S3EventRecord['s3']['object'] = { key: encodeS3EventKey(input.key), sequencer: input.sequencer } as S3EventRecord['s3']['object'];
  if (input.size !== undefined) object.size = input.size;
  if (input.eTag !== undefined) object.eTag = input.eTag;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: LOCAL_REGION,
    eventTime: (input.eventTime ?? new Date()).toISOString(),
    eventName: input.eventName,
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: input.sourceIp ?? '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-amz-id-2': randomBytes(32).toString('base64'),
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: input.configurationId ?? 'local-notification',
      bucket: { name: input.bucket, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${input.bucket}` },
      object,
    },
  };
}
