import { describe, expect, it } from 'vitest';
import { COMMANDS, commandHelp, cursorOf, dateBoundOf, invocationOf, limitOf, parseCommand, topicOf, UsageError, usage } from '../../bin/cli-args.ts';

/** The UsageError `run` throws, for its one-line message. */
function usageErrorOf(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('no UsageError thrown');
}

describe('invocationOf', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('treats %j as a request for the usage', (argv) => {
    expect(invocationOf(argv)).toEqual({ kind: 'help', text: usage() });
  });

  it.each([[['articles', '--help']], [['articles', '-h']], [['articles', '--topic', 'ukraine', '--help']], [['help', 'articles']]])(
    'gives the command its own help for %j',
    (argv) => {
      expect(invocationOf(argv)).toEqual({ kind: 'help', text: commandHelp('articles') });
    },
  );

  it('gives templates their help and reads their options from the same table', () => {
    expect(invocationOf(['templates', 'learn', '--help'])).toEqual({ kind: 'help', text: commandHelp('templates') });
    expect(commandHelp('templates')).toContain('learn --out FILE');
    expect(parseCommand('templates', ['learn', '--out', 't.json', '--publisher', 'antara', 'dir']).values).toEqual({ out: 't.json', publisher: 'antara' });
  });

  it('takes -h after -- as a path, not a request for help', () => {
    expect(invocationOf(['process', '--json', '--', '-h'])).toEqual({ kind: 'run', command: 'process', args: ['--json', '--', '-h'] });
  });

  it('names an unknown command, and the command meant when it is a near miss', () => {
    expect(usageErrorOf(() => invocationOf(['bogus'])).line).toBe("kabar: unknown command 'bogus'; see kabar --help");
    expect(usageErrorOf(() => invocationOf(['artcles'])).message).toBe("unknown command 'artcles' (did you mean articles?)");
    expect(usageErrorOf(() => invocationOf(['help', 'bogus'])).message).toBe("unknown command 'bogus'");
  });
});

describe('the help texts', () => {
  it('list every command in the usage, and every option of a command in its help', () => {
    for (const [name, spec] of Object.entries(COMMANDS)) {
      expect(usage()).toContain(`kabar ${name} `);
      for (const option of Object.keys(spec.options)) expect(commandHelp(name as keyof typeof COMMANDS)).toContain(`--${option}`);
    }
  });

  it('keep help lines within 100 columns, except the synopsis', () => {
    for (const name of Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]) {
      const [, ...rest] = commandHelp(name)
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('kabar '));
      for (const line of rest) expect(line.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('parseCommand', () => {
  it('accepts only the options of the command it parses', () => {
    expect(parseCommand('articles', ['--topic', 'ukraine', '--json']).values).toEqual({ topic: 'ukraine', json: true });
    expect(usageErrorOf(() => parseCommand('rejected', ['--topic', 'ukraine'])).line).toBe(
      "kabar rejected: unknown option '--topic'; see kabar rejected --help",
    );
  });

  it('turns Node parse errors into one line, suggesting a misspelt option', () => {
    expect(usageErrorOf(() => parseCommand('process', ['--jsn', 'a.txt'])).message).toBe("unknown option '--jsn' (did you mean --json?)");
    expect(usageErrorOf(() => parseCommand('articles', ['--topic'])).message).toBe("option '--topic <value>' argument missing");
    for (const line of [usageErrorOf(() => parseCommand('articles', ['--limit'])).line]) expect(line).not.toContain('\n');
  });
});

describe('topicOf', () => {
  it('accepts the topics of the taxonomy and rejects others, listing them', () => {
    expect(topicOf('articles', 'middle-east')).toBe('middle-east');
    expect(usageErrorOf(() => topicOf('articles', 'climate')).message).toBe("unknown topic 'climate' (topics: diplomacy, ukraine, middle-east)");
    expect(usageErrorOf(() => topicOf('articles', 'Ukraine')).message).toContain('did you mean ukraine?');
  });
});

describe('dateBoundOf', () => {
  it.each([
    ['2024', '2024-01-01'],
    ['2024-06', '2024-06-01'],
    ['2024-02-29', '2024-02-29'],
    ['2025-02-01T08:00', '2025-02-01T08:00:00.000Z'],
    ['2025-02-01T08:00:00Z', '2025-02-01T08:00:00.000Z'],
    ['2025-02-01T08:00:00.5+07:00', '2025-02-01T01:00:00.500Z'],
    ['2025-02-01 08:00-0130', '2025-02-01T09:30:00.000Z'],
  ])('reads %s as the bound %s, as the sort keys compare', (value, bound) => {
    expect(dateBoundOf('articles', '--since', value)).toBe(bound);
  });

  it.each(['yesterday', '2025-02-30', '2023-02-29', '2025-13', '25-02-01', '2025-02-01T25:00', '2025-02-01T08:61', '1738368000', ''])(
    'rejects %j with a one-line message naming the option',
    (value) => {
      expect(usageErrorOf(() => dateBoundOf('articles', '--until', value)).message).toBe(
        `--until '${value}' is not a date (use 2025-02-01 or 2025-02-01T08:00:00Z)`,
      );
    },
  );
});

describe('limitOf and cursorOf', () => {
  it('take a page size from 1 to 1000, 20 when none is given', () => {
    expect(limitOf('articles', undefined)).toBe(20);
    expect(limitOf('articles', '1000')).toBe(1000);
    for (const value of ['0', '1001', '-5', '2.5', 'ten', '1e2', ''])
      expect(usageErrorOf(() => limitOf('articles', value)).message).toBe(`--limit must be a whole number from 1 to 1000, got '${value}'`);
  });

  it('take a cursor kabar printed and refuse anything else before a query sees it', () => {
    const cursor = Buffer.from(JSON.stringify({ month: '2025-02', inner: null })).toString('base64url');
    expect(cursorOf('articles', cursor)).toBe(cursor);
    expect(cursorOf('articles', undefined)).toBeNull();
    expect(usageErrorOf(() => cursorOf('articles', 'abc')).message).toContain("--cursor 'abc' is not a cursor kabar printed");
  });
});
