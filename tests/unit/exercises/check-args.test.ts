import { describe, expect, it } from 'vitest';
import { parseCheckArgs } from '../../../scripts/lib/check-args.ts';

const d = { content: 'content', exercises: '/x/exercises' };

describe('kvlab check parseCheckArgs', () => {
  it('reads every option, in both --flag value and --flag=value forms', () => {
    expect(parseCheckArgs(['--lab', '08', '--dir=class', '--variant', 'tolerations', '--user', 'alice', '--task=2', '--format', 'junit', '--content', 'c', '--exercises', 'e'], d)).toEqual({
      ok: true,
      args: { lab: '08', dir: 'class', variant: 'tolerations', user: 'alice', task: '2', format: 'junit', content: 'c', exercises: 'e', help: false },
    });
  });
  it('defaults format, content and exercises', () => {
    expect(parseCheckArgs(['--lab', 'probes', '--dir', '.'], d)).toEqual({ ok: true, args: { lab: 'probes', dir: '.', format: 'text', content: 'content', exercises: '/x/exercises', help: false } });
  });
  it('gives help without other options', () => {
    expect(parseCheckArgs(['--help'], d)).toMatchObject({ ok: true, args: { help: true } });
  });
  it.each([
    [['--dir', 'x'], 'missing --lab (the lab number, e.g. 08, or its slug, e.g. probes)'],
    [['--lab', '08'], "missing --dir (a trainee's working folder or a class folder), --namespace NS (live objects) or --objects FILE"],
    [['--lab', '08', '--dir', 'x', '--format', 'tap'], 'unknown --format "tap"; use one of: text, json, junit'],
    [['--lab', '08', '--dir', 'x', '--color'], 'unknown option "--color"'],
    [['--lab', '08', '--dir'], '--dir needs a value'],
    [['--lab', '--dir', 'x'], '--lab needs a value'],
    [['--lab=', '--dir', 'x'], '--lab needs a value'],
    [['--lab', '08', '--lab', '09', '--dir', 'x'], '--lab given twice'],
    [['check', '--lab', '08'], 'unexpected argument "check"'],
  ])('%j → %s', (argv, error) => {
    expect(parseCheckArgs(argv as string[], d)).toEqual({ ok: false, error });
  });
});
