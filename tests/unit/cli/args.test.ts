// The one argument parser every kvlab command uses (scripts/lib/args.ts): node's parseArgs in
// strict mode, its errors as one-line messages, one result shape, the shared validators.
import { describe, expect, it } from 'vitest';
import { fail, integer, oneOf, parseArgv, parseCommandArgs, port, positiveInteger, usageError } from '../../../scripts/lib/args.ts';

const spec = {
  content: { type: 'string', default: 'content' },
  out: { type: 'string' },
  variant: { type: 'string', multiple: true },
  verbose: { type: 'boolean' },
  format: { type: 'string', short: 'o' },
} as const;

describe('parseArgv', () => {
  it('reads --flag value and --flag=value, repeatable options, defaults', () => {
    expect(parseArgv(['--out', 'o', '--variant', 'a', '--variant=b', '-o', 'json', '--verbose'], spec)).toEqual({
      ok: true,
      args: { values: { content: 'content', out: 'o', variant: ['a', 'b'], verbose: true, format: 'json', help: false }, positionals: [] },
    });
    expect(parseArgv([], spec)).toEqual({ ok: true, args: { values: { content: 'content', out: undefined, variant: [], verbose: false, format: undefined, help: false }, positionals: [] } });
    expect(parseArgv(['-h'], spec)).toMatchObject({ ok: true, args: { values: { help: true } } });
  });
  it('takes positionals only when asked, and everything after -- as one', () => {
    expect(parseArgv(['a.yaml', '-', '--verbose', '--', '--b'], spec, { positionals: true })).toMatchObject({ ok: true, args: { values: { verbose: true }, positionals: ['a.yaml', '-', '--b'] } });
    expect(parseArgv(['a.yaml'], spec)).toEqual({ ok: false, error: 'unexpected argument "a.yaml"' });
  });
  it.each([
    [['--bogus'], 'unknown option "--bogus"'],
    [['--bogus=1'], 'unknown option "--bogus"'],
    [['-x'], 'unknown option "-x"'],
    [['--out'], '--out needs a value'],
    [['-o'], '-o needs a value'],
    [['--out='], '--out needs a value'],
    [['--out', '--verbose'], '--out needs a value'],
    [['--out', '-x'], '--out needs a value'],
    [['--verbose=yes'], '--verbose takes no value'],
    [['--out', 'a', '--out=b'], '--out given twice'],
    [['--format', 'a', '-o', 'b'], '--format given twice'],
    [['--variant', 'a', '--bogus', '--out'], 'unknown option "--bogus"'],
  ])('%j → %s', (argv, error) => {
    expect(parseArgv(argv, spec)).toEqual({ ok: false, error });
  });
  it('accepts - (stdin) and a dash inside --flag=value', () => {
    expect(parseArgv(['--out', '-', '--content=-x'], spec)).toMatchObject({ ok: true, args: { values: { out: '-', content: '-x' } } });
  });
});

describe('parseCommandArgs', () => {
  const parse = (argv: string[]) =>
    parseCommandArgs(argv, { jobs: { type: 'string', default: '1' }, name: { type: 'string' } }, (v) => {
      if (!v.help && !v.name) fail('missing --name');
      return { jobs: positiveInteger('--jobs', v.jobs), name: v.name ?? '', help: v.help };
    });
  it('builds the command args, or the first error of parsing or of the validators', () => {
    expect(parse(['--name', 'x', '--jobs=3'])).toEqual({ ok: true, args: { jobs: 3, name: 'x', help: false } });
    expect(parse(['--jobs', '3'])).toEqual({ ok: false, error: 'missing --name' });
    expect(parse(['--name', 'x', '--jobs', '0'])).toEqual({ ok: false, error: '--jobs must be an integer ≥ 1, got "0"' });
    expect(parse(['--name', 'x', '--job', '2'])).toEqual({ ok: false, error: 'unknown option "--job"' });
    expect(parse(['--help'])).toEqual({ ok: true, args: { jobs: 1, name: '', help: true } });
  });
  it('lets other exceptions through', () => {
    expect(() => parseCommandArgs([], {}, () => { throw new TypeError('bug'); })).toThrow(TypeError);
  });
});

describe('validators', () => {
  it('integer, positiveInteger, port, oneOf', () => {
    expect(integer('--seed', '-3')).toBe(-3);
    expect(() => integer('--seed', '1.5')).toThrow('--seed must be an integer, got "1.5"');
    expect(() => integer('--n', ' ', 0)).toThrow('--n must be an integer ≥ 0, got " "');
    expect(() => integer('--n', '11', 0, 10)).toThrow('--n must be an integer from 0 to 10, got "11"');
    expect(positiveInteger('--jobs', '2')).toBe(2);
    expect(() => positiveInteger('--jobs', '0')).toThrow('--jobs must be an integer ≥ 1, got "0"');
    expect(port('--port', '0')).toBe(0);
    expect(port('--port', '65535')).toBe(65535);
    for (const bad of ['65536', '-1', 'x', '80.5', '']) expect(() => port('--port', bad)).toThrow(`--port must be a port number (0 to 65535), got "${bad}"`);
    expect(oneOf('--format', 'json', ['text', 'json'])).toBe('json');
    expect(() => oneOf('--format', 'xml', ['text', 'json'])).toThrow('unknown --format "xml"; use one of: text, json');
  });
});

describe('usageError', () => {
  it('one escaped line, then the usage', () => {
    expect(usageError('build', 'unknown option "--\x1b[2J"', 'Usage: kvlab build')).toBe('kvlab build: unknown option "--\\x1b[2J"\n\nUsage: kvlab build');
  });
});
