// The commands that used to read argv by hand (dev, serve, lint, gen-schemas, bench) now refuse
// an unknown option or a missing value with exit 2, the message and the usage, before doing
// anything (dev and serve used to pass or drop them and start a server).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import * as bench from '../../../scripts/commands/bench.ts';
import * as dev from '../../../scripts/commands/dev.ts';
import * as genSchemas from '../../../scripts/commands/gen-schemas.ts';
import * as lint from '../../../scripts/commands/lint.ts';
import * as serve from '../../../scripts/commands/serve.ts';

const root = join(import.meta.dirname, '..', '..', '..');

/** run(argv) with console captured: the exit code and what went to stderr. */
async function runCaptured(command: { run(argv: string[]): Promise<number | undefined> }, argv: string[]) {
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const code = await command.run(argv);
  return { code, stderr: err.mock.calls.map((c) => String(c[0])).join('\n'), stdout: log.mock.calls.map((c) => String(c[0])).join('\n') };
}
afterEach(() => vi.restoreAllMocks());

describe.each([
  ['dev', ['--varient', 'x'], 'unknown option "--varient"', dev],
  ['dev', ['--content'], '--content needs a value', dev],
  ['serve', ['--no-build', '--bogus'], 'unknown option "--bogus"', serve],
  ['serve', ['--no-build', '--host'], '--host needs a value', serve],
  ['serve', ['--no-build', '--port', '99999'], '--port must be a port number (0 to 65535), got "99999"', serve],
  ['lint', ['--content', '--strict'], '--content needs a value', lint],
  ['lint', ['--strict=yes'], '--strict takes no value', lint],
  ['gen-schemas', ['--bogus', '--shared', join(root, 'no-such-dir')], 'unknown option "--bogus"', genSchemas],
  ['gen-schemas', ['--shared'], '--shared needs a value', genSchemas],
  ['bench', ['--bogus'], 'unknown option "--bogus"', bench],
])('kvlab %s %j', (name, argv, error, command) => {
  it(`exits 2: ${error}, then the usage`, async () => {
    const r = await runCaptured(command, argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kvlab ${name}: ${error}\n\n${command.USAGE}`);
    expect(command.USAGE).toMatch(new RegExp(`^Usage: kvlab ${name}`));
  });
});

describe('their pure parsers', () => {
  it('dev: own options before --, astro dev options after it', () => {
    expect(dev.parseDevArgs(['--variant', 'v', '--content=c', '--', '--port', '3000'])).toEqual({ ok: true, args: { variant: 'v', content: 'c', astro: ['--port', '3000'], help: false } });
    expect(dev.parseDevArgs([])).toEqual({ ok: true, args: { astro: [], help: false } });
    expect(dev.parseDevArgs(['--port', '3000'])).toEqual({ ok: false, error: 'unknown option "--port"' });
  });
  it('serve: --port, else $PORT, else 4321', () => {
    expect(serve.parseServeArgs(['--port=0', '--no-build', '--host', '127.0.0.1'], { PORT: '8080' })).toEqual({ ok: true, args: { port: 0, host: '127.0.0.1', build: false, help: false } });
    expect(serve.parseServeArgs(['--content', 'c'], { PORT: '8080' })).toEqual({ ok: true, args: { port: 8080, host: '0.0.0.0', build: true, content: 'c', help: false } });
    expect(serve.parseServeArgs([], {})).toMatchObject({ ok: true, args: { port: 4321 } });
    expect(serve.parseServeArgs([], { PORT: 'http' })).toEqual({ ok: false, error: '$PORT must be a port number (0 to 65535), got "http"' });
  });
  it('lint, gen-schemas, bench', () => {
    expect(lint.parseLintArgs(['--content=c', '--format', 'json', '--strict'])).toEqual({ ok: true, args: { content: 'c', format: 'json', strict: true, commands: false, help: false } });
    expect(lint.parseLintArgs(['--commands'])).toMatchObject({ ok: true, args: { commands: true } });
    expect(lint.parseLintArgs(['--format', 'xml'])).toEqual({ ok: false, error: 'unknown --format "xml"; use one of: text, json, markdown' });
    expect(genSchemas.parseGenSchemasArgs(['--shared=/s'])).toEqual({ ok: true, args: { shared: '/s', sources: '/s/upstream', help: false } });
    expect(genSchemas.parseGenSchemasArgs(['--sources=/u'])).toMatchObject({ ok: true, args: { sources: '/u' } });
    expect(bench.parseBenchArgs(['check', 'gate'])).toEqual({ ok: true, args: { names: ['check', 'gate'], help: false } });
  });
  it('--help prints the usage and exits 0', async () => {
    for (const command of [dev, serve, lint, genSchemas, bench]) {
      const r = await runCaptured(command, ['--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(command.USAGE);
      vi.restoreAllMocks();
    }
  });
});
