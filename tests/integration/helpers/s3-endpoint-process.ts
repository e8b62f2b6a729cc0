/**
 * Runs the local S3 endpoint alone in this process, for tests that kill it (`kill -9`) mid-request:
 * `node --import tsx tests/integration/helpers/s3-endpoint-process.ts DIRECTORY`. Prints the URL
 * on its first line once listening.
 */
import { startS3Endpoint } from '#ops/local/s3-endpoint.ts';

const directory = process.argv[2];
if (directory === undefined) throw new Error('usage: s3-endpoint-process.ts DIRECTORY');
const endpoint = await startS3Endpoint({ port: 0, directory });
process.stdout.write(`${endpoint.url}\n`);
