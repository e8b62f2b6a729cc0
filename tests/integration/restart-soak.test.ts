/**
 * A small restart soak in the suite (the 5 000-upload one is `npm run soak`): `npm start` killed
 * with SIGKILL during the uploads and during the processing, restarted on the same data directory,
 * then the invariant checked object by object (scripts/restart-soak.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort, runRestartSoak } from '../../scripts/restart-soak.ts';

let dataDir: string | undefined;
afterAll(async () => {
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

it('loses nothing and records nothing twice when the stack is killed three times mid-work', { timeout: 420_000 }, async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kabar-soak-test-'));
  const log: string[] = [];
  const result = await runRestartSoak({
    uploads: 40,
    kills: 3,
    seed: 12,
    inFlight: 8,
    dataDir,
    s3Port: await freePort(),
    dynamodbPort: await freePort(),
    // Generous for a loaded machine; an unloaded one needs about a minute.
    timeoutMs: 400_000,
    log: (line) => log.push(line),
  });
  expect(result.problems).toEqual([]);
  expect(result.kills.map((k) => k.phase)).toEqual(['uploads', 'uploads', 'processing']);
  // Every restart ran the start-up check; the uploads plus the four bundled samples are all recorded once.
  expect(result.startupReports.length).toBe(4);
  expect(result.objects).toBe(result.records);
  expect(result.objects).toBe(40 + 4 - result.failedOnce.absent);
});
