import { randomUUID } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Files that appear whole or not at all, for the local stack's stores (objects, queue messages):
 * the data goes to a temporary file beside the target, then is renamed over it (atomic on POSIX).
 * A crash leaves at most a temporary file, which start-up repair recognises by its name.
 */

/** The prefix of every temporary file the local stack writes. */
export const TEMPORARY_PREFIX = '.kabar-partial-';

/** A fresh temporary path in the directory of `path`, so the rename stays on one file system. */
export function temporaryPathBeside(path: string): string {
  return join(dirname(path), `${TEMPORARY_PREFIX}${randomUUID()}`);
}

/** A temporary file a crash left behind; `.<id>.<uuid>.tmp` is how the queue named them before this helper. */
export function isTemporaryFile(path: string): boolean {
  const name = basename(path);
  return name.startsWith(TEMPORARY_PREFIX) || name.endsWith('.tmp');
}

export async function writeFileAtomically(path: string, data: string): Promise<void> {
  const temporary = temporaryPathBeside(path);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await unlinkIfPresent(temporary);
    throw error;
  }
}

export async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
