import * as z from 'zod/mini';

/** One S3 event notification record, as S3 puts it (JSON) into an SQS message body. */
const S3EventRecordSchema = z.object({
  eventName: z.string(),
  eventTime: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().check(z.minLength(1)) }),
    object: z.object({
      key: z.string().check(z.minLength(1)),
      size: z.optional(z.int().check(z.nonnegative())),
      eTag: z.optional(z.string()),
      versionId: z.nullish(z.string()),
      sequencer: z.string().check(z.regex(/^[0-9A-Fa-f]{1,32}$/)),
    }),
  }),
});

const S3NotificationSchema = z.object({ Records: z.array(S3EventRecordSchema) });

/** S3 sends this once when notifications are configured; it carries no object. */
const S3TestEventSchema = z.object({ Event: z.literal('s3:TestEvent') });

/** What happened to which object version, with the key already decoded. */
export interface ObjectEvent {
  kind: 'created' | 'removed';
  eventName: string;
  eventTime: string;
  bucket: string;
  key: string;
  versionId: string | null;
  size: number | null;
  sequencer: string;
}

/** The message body is not an S3 notification we understand: retrying will not help. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

/**
 * Reads the S3 notification in one SQS message body.
 * Returns an empty list for S3's test event.
 *
 * @example
 *   objectEventsOf('{"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"incoming/a+b.txt",…}}}]}')
 *   // → [{ kind: 'created', key: 'incoming/a b.txt', … }]
 */
export function objectEventsOf(messageBody: string): ObjectEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(messageBody);
  } catch {
    throw new MalformedEventError('The message body is not JSON.');
  }
  if (S3TestEventSchema.safeParse(json).success) return [];
  const parsed = S3NotificationSchema.safeParse(json);
  if (!parsed.success) throw new MalformedEventError(`Not an S3 event notification: ${parsed.error.message}`);
  return parsed.data.Records.flatMap((record): ObjectEvent[] => {
    const kind = record.eventName.startsWith('ObjectCreated:') ? 'created' : record.eventName.startsWith('ObjectRemoved:') ? 'removed' : null;
    if (!kind) return [];
    const { object } = record.s3;
    return [
      {
        kind,
        eventName: record.eventName,
        eventTime: record.eventTime,
        bucket: record.s3.bucket.name,
        key: decodeS3EventKey(object.key),
        versionId: object.versionId ?? null,
        size: object.size ?? null,
        sequencer: object.sequencer,
      },
    ];
  });
}

/**
 * S3 URL-encodes keys in event notifications, with a space as `+`.
 * The one place keys are decoded.
 *
 * @example decodeS3EventKey('incoming/caf%C3%A9+news%2B1.txt') // → 'incoming/café news+1.txt'
 */
export function decodeS3EventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/** Bytes S3 leaves as they are in event keys: form-urlencoding's safe set, plus `/`. */
const UNENCODED = new Set(Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_*/', (c) => c.charCodeAt(0)));
const SPACE = 0x20;

/**
 * The inverse, for producers of S3-shaped events (the local stack, reprocessing): S3 writes keys
 * into notifications as `application/x-www-form-urlencoded` UTF-8 (space → `+`, `+` → `%2B`),
 * except that `/` stays as it is.
 *
 * @example encodeS3EventKey('incoming/red flower+1 (é).txt') // → 'incoming/red+flower%2B1+%28%C3%A9%29.txt'
 */
export function encodeS3EventKey(key: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(key)) {
    if (UNENCODED.has(byte)) out += String.fromCharCode(byte);
    else if (byte === SPACE) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
