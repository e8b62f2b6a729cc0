import { createServer } from 'node:net';
import { LocalStackStartError } from './errors.ts';

/**
 * Fails with a readable message when `port` is taken. Checked before starting a server because
 * s3rver reports a taken port as an unhandled 'error' event, and because another DynamoDB on the
 * port would answer our readiness check. Port 0 (any free port) always passes.
 *
 * @example await assertPortFree(8000, 'DynamoDB Local', 'KABAR_DYNAMODB_PORT') // → throws 'port 8000 is not free for DynamoDB Local (EADDRINUSE); set KABAR_DYNAMODB_PORT'
 */
export function assertPortFree(port: number, what: string, envName: string, host?: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      fail(new LocalStackStartError(`port ${port} is not free for ${what} (${error.code ?? error.message}); set ${envName}`)),
    );
    probe.listen(port, host, () => probe.close(() => done()));
  });
}

/**
 * A port free right now, for a server that cannot pick one itself (DynamoDB Local).
 *
 * @example await freePort() // → 41234
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
