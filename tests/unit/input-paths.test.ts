import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputPaths, extensionsOf } from '../../bin/input-paths.ts';

describe('expandInputPaths', () => {
  let root: string;
  const at = (...parts: string[]) => join(root, ...parts);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kabar-paths-'));
    for (const file of ['b.txt', 'a.html', 'sub/c.txt', 'sub/deeper/d.md', 'sub/e.TXT', '.hidden.txt', '.git/config', 'Z.txt']) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(at(file), file);
    }
    // A link back up the tree must not loop.
    symlinkSync(root, at('sub', 'loop'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists a directory recursively in name order, skipping hidden entries', async () => {
    expect(await expandInputPaths([root])).toEqual([
      at('Z.txt'),
      at('a.html'),
      at('b.txt'),
      at('sub', 'c.txt'),
      at('sub', 'deeper', 'd.md'),
      at('sub', 'e.TXT'),
    ]);
  });

  it('keeps only the given extensions when walking a directory, case-insensitively', async () => {
    expect(await expandInputPaths([root], { extensions: ['.txt'] })).toEqual([at('Z.txt'), at('b.txt'), at('sub', 'c.txt'), at('sub', 'e.TXT')]);
  });

  it('keeps files named explicitly, in argument order, whatever their extension or existence', async () => {
    const missing = at('missing.txt');
    expect(await expandInputPaths([at('sub', 'deeper', 'd.md'), missing, at('a.html')], { extensions: ['txt'] })).toEqual([
      at('sub', 'deeper', 'd.md'),
      missing,
      at('a.html'),
    ]);
  });

  it('reads paths from standard input for `-`, one per line, expanding directories among them', async () => {
    const stdin = Readable.from([`${at('b.txt')}\r\n\n${at('sub')}`, `/deeper\n${at('a.html')}\n`]);
    expect(await expandInputPaths([at('Z.txt'), '-'], { stdin })).toEqual([at('Z.txt'), at('b.txt'), at('sub', 'deeper', 'd.md'), at('a.html')]);
  });

  it('refuses `-` twice', async () => {
    await expect(expandInputPaths(['-', '-'], { stdin: Readable.from([]) })).rejects.toThrow(/only once/);
  });
});

describe('extensionsOf', () => {
  it('splits comma lists and drops dots and case', () => {
    expect(extensionsOf(['txt,.HTML', ' md '])).toEqual(['txt', 'html', 'md']);
  });
});
