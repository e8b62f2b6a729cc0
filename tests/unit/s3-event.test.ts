import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeS3EventKey, encodeS3EventKey, MalformedEventError, objectEventsOf } from '#shared/ingest/s3-event.ts';
import { loadEvent } from '../fixtures/events.ts';

describe('objectEventsOf', () => {
  it('decodes the URL-encoded key of a put event, a space arriving as +', () => {
    const [event] = objectEventsOf(JSON.stringify(loadEvent('s3-put-encoded-key')));
    expect(event).toMatchObject({
      kind: 'created',
      bucket: 'kabar-articles',
      key: 'incoming/antara/Berita Riyadh (AS-Rusia)+1 café.txt',
      versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko',
      size: 2840,
      sequencer: '0055AED6DCD90281E5',
    });
  });

  it('returns no events for the test event S3 sends when notifications are configured', () => {
    expect(objectEventsOf(JSON.stringify(loadEvent('s3-test-event')))).toEqual([]);
  });

  it('reads delete markers as removals and multipart completions as creations', () => {
    const events = objectEventsOf(JSON.stringify(loadEvent('s3-delete-multi')));
    expect(events.map((e) => [e.kind, e.eventName, e.key])).toEqual([
      ['removed', 'ObjectRemoved:DeleteMarkerCreated', 'incoming/a.txt'],
      ['created', 'ObjectCreated:CompleteMultipartUpload', 'incoming/big.html'],
    ]);
  });

  it('refuses a body that is not an S3 notification', () => {
    expect(() => objectEventsOf('not json')).toThrow(MalformedEventError);
    expect(() => objectEventsOf('{"Records":[{"eventName":"ObjectCreated:Put"}]}')).toThrow(MalformedEventError);
  });
});

describe('encodeS3EventKey', () => {
  it('encodes like S3: a space as +, a literal + as %2B, slashes kept', () => {
    expect(encodeS3EventKey('incoming/a b+c/(é).txt')).toBe('incoming/a+b%2Bc/%28%C3%A9%29.txt');
  });

  it('round-trips any key through decodeS3EventKey', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (key) => {
        expect(decodeS3EventKey(encodeS3EventKey(key))).toBe(key);
      }),
    );
  });
});
