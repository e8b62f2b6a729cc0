/**
 * Decoding of SigV4 streaming uploads (`Content-Encoding: aws-chunked`).
 *
 * AWS SDK v3 and recent AWS CLIs send streamed PutObject/UploadPart bodies in this framing:
 *
 *   <hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n ... 0[;chunk-signature=<sig>]\r\n
 *   [<trailer>:<value>\r\n]...\r\n
 *
 * Real S3 strips the framing; s3rver does not and would store it as part of the object.
 * The local S3 endpoint runs bodies through {@link AwsChunkedDecoder} so the stored bytes are
 * exactly what the publisher sent. Chunk signatures are not verified (s3rver does not verify
 * SigV4 either); the decoded length and the trailing checksum are.
 */
import { createHash, type Hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';

/** Longest size or trailer line we accept; real ones are under 200 bytes. */
const MAX_LINE_BYTES = 8 * 1024;
const CR = 0x0d;
const LF = 0x0a;

export class AwsChunkedDecodeError extends Error {
  override name = 'AwsChunkedDecodeError';
  /** The S3 error code S3 answers with: a checksum mismatch is `BadDigest`, anything else `IncompleteBody`. */
  constructor(
    message: string,
    readonly s3ErrorCode: 'IncompleteBody' | 'BadDigest' = 'IncompleteBody',
  ) {
    super(message);
  }
}

/**
 * Whether a request body is aws-chunked framed.
 * Some clients announce it only through the streaming content hash, so both headers count.
 *
 * @example isAwsChunked({ 'content-encoding': 'aws-chunked' }) // → true
 * @example isAwsChunked({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }) // → false
 */
export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const sha = headers['x-amz-content-sha256'];
  if (typeof sha === 'string' && sha.startsWith('STREAMING-')) return true;
  return contentEncodings(headers).includes('aws-chunked');
}

/**
 * Rewrites the headers of an aws-chunked request in place so they describe the decoded body,
 * as S3 itself does: `aws-chunked` leaves Content-Encoding (which is stored as object metadata),
 * Content-Length becomes the decoded length, and the streaming headers go.
 *
 * @example
 * const h = { 'content-encoding': 'aws-chunked,gzip', 'content-length': '1100', 'x-amz-decoded-content-length': '1000' };
 * describeDecodedBody(h); // h → { 'content-encoding': 'gzip', 'content-length': '1000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }
 */
export function describeDecodedBody(headers: IncomingHttpHeaders): void {
  const remaining = contentEncodings(headers).filter((e) => e !== 'aws-chunked');
  if (remaining.length > 0) headers['content-encoding'] = remaining.join(',');
  else delete headers['content-encoding'];
  const decodedLength = headers['x-amz-decoded-content-length'];
  if (typeof decodedLength === 'string') headers['content-length'] = decodedLength;
  else delete headers['content-length'];
  headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  delete headers['x-amz-decoded-content-length'];
  delete headers['x-amz-trailer'];
}

function contentEncodings(headers: IncomingHttpHeaders): string[] {
  const value = headers['content-encoding'];
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
}

/** Incremental checksum of the decoded bytes, compared with the trailer of the same name. */
interface TrailerChecksum {
  header: string;
  update(bytes: Buffer): void;
  digestBase64(): string;
}

function checksumFor(trailerHeader: string | undefined): TrailerChecksum | undefined {
  const header = trailerHeader?.trim().toLowerCase();
  if (header === 'x-amz-checksum-crc32') {
    let value = 0;
    return {
      header,
      update: (bytes) => {
        value = crc32(bytes, value);
      },
      digestBase64: () => {
        const out = Buffer.alloc(4);
        out.writeUInt32BE(value >>> 0);
        return out.toString('base64');
      },
    };
  }
  if (header === 'x-amz-checksum-sha1' || header === 'x-amz-checksum-sha256') {
    const hash: Hash = createHash(header === 'x-amz-checksum-sha1' ? 'sha1' : 'sha256');
    return { header, update: (bytes) => hash.update(bytes), digestBase64: () => hash.digest('base64') };
  }
  // CRC32C and CRC64NVME need native code Node lacks; those trailers are accepted unverified.
  return undefined;
}

type State = 'size-line' | 'data' | 'data-end' | 'trailers' | 'done';

/**
 * Streams the payload out of an aws-chunked body, holding at most one framing line in memory.
 * Fails (stream error) on malformed framing, on a decoded length different from
 * `x-amz-decoded-content-length`, and on a CRC32/SHA-1/SHA-256 trailer that does not match.
 *
 * @example
 * Readable.from([Buffer.from('5;chunk-signature=ab\r\nhello\r\n0;chunk-signature=cd\r\n\r\n')])
 *   .pipe(new AwsChunkedDecoder({})) // → emits "hello"
 */
export class AwsChunkedDecoder extends Transform {
  /** Trailing headers (e.g. `x-amz-checksum-crc32`) seen after the last chunk. */
  readonly trailers = new Map<string, string>();
  private state: State = 'size-line';
  private line: Buffer[] = [];
  private lineBytes = 0;
  private chunkRemaining = 0;
  private dataEndSeen = 0;
  private decodedBytes = 0;
  private readonly expectedLength: number | undefined;
  private readonly checksum: TrailerChecksum | undefined;

  constructor(requestHeaders: IncomingHttpHeaders) {
    super();
    const declared = requestHeaders['x-amz-decoded-content-length'];
    this.expectedLength = typeof declared === 'string' && /^\d+$/.test(declared) ? Number(declared) : undefined;
    const trailer = requestHeaders['x-amz-trailer'];
    this.checksum = checksumFor(typeof trailer === 'string' ? trailer : undefined);
  }

  /** Number of payload bytes emitted so far. */
  get decodedLength(): number {
    return this.decodedBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      // A body may end right after the last trailer line, without the closing blank line.
      if (this.state === 'trailers' && this.lineBytes === 0) this.state = 'done';
      if (this.state !== 'done') throw new AwsChunkedDecodeError(`aws-chunked body ended early (while reading ${this.state})`);
      this.verify();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  private consume(input: Buffer): void {
    let offset = 0;
    while (offset < input.length) {
      switch (this.state) {
        case 'data': {
          const take = Math.min(this.chunkRemaining, input.length - offset);
          const payload = input.subarray(offset, offset + take);
          this.push(payload);
          this.checksum?.update(payload);
          this.decodedBytes += take;
          this.chunkRemaining -= take;
          offset += take;
          if (this.chunkRemaining === 0) this.state = 'data-end';
          break;
        }
        case 'data-end': {
          const byte = input[offset++];
          const expected = this.dataEndSeen === 0 ? CR : LF;
          if (byte !== expected) throw new AwsChunkedDecodeError('aws-chunked chunk is not followed by CRLF');
          this.dataEndSeen += 1;
          if (this.dataEndSeen === 2) {
            this.dataEndSeen = 0;
            this.state = 'size-line';
          }
          break;
        }
        case 'size-line':
        case 'trailers': {
          const lf = input.indexOf(LF, offset);
          const end = lf === -1 ? input.length : lf;
          this.appendLine(input.subarray(offset, end));
          offset = end;
          if (lf !== -1) {
            offset += 1;
            this.completeLine();
          }
          break;
        }
        case 'done':
          // Anything after the closing blank line is ignored, as S3 does with trailing whitespace.
          return;
      }
    }
  }

  private appendLine(part: Buffer): void {
    this.lineBytes += part.length;
    if (this.lineBytes > MAX_LINE_BYTES) throw new AwsChunkedDecodeError('aws-chunked framing line too long');
    if (part.length > 0) this.line.push(Buffer.from(part));
  }

  private completeLine(): void {
    let text = Buffer.concat(this.line).toString('latin1');
    this.line = [];
    this.lineBytes = 0;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (this.state === 'size-line') {
      const sizeText = text.split(';', 1)[0]?.trim() ?? '';
      if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw new AwsChunkedDecodeError(`bad aws-chunked size line "${text.slice(0, 40)}"`);
      const size = Number.parseInt(sizeText, 16);
      if (size === 0) this.state = 'trailers';
      else {
        this.chunkRemaining = size;
        this.state = 'data';
      }
      return;
    }
    if (text === '') {
      this.state = 'done';
      return;
    }
    const colon = text.indexOf(':');
    if (colon <= 0) throw new AwsChunkedDecodeError(`bad aws-chunked trailer "${text.slice(0, 40)}"`);
    this.trailers.set(text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim());
  }

  private verify(): void {
    if (this.expectedLength !== undefined && this.expectedLength !== this.decodedBytes) {
      throw new AwsChunkedDecodeError(`aws-chunked body decoded to ${this.decodedBytes} bytes, x-amz-decoded-content-length says ${this.expectedLength}`);
    }
    if (this.checksum === undefined) return;
    const sent = this.trailers.get(this.checksum.header);
    if (sent === undefined) return;
    const computed = this.checksum.digestBase64();
    if (sent !== computed) throw new AwsChunkedDecodeError(`${this.checksum.header} mismatch: sent ${sent}, computed ${computed}`, 'BadDigest');
  }
}
