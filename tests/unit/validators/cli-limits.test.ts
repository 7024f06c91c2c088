// `kvlab validate` on hostile input: endless or huge input stops at the validators' size limit
// (MAX_BYTES, 3 MiB) with a finding instead of reading gigabytes; control characters from the
// input are escaped in text output instead of reaching the trainer's terminal.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWith, type Io } from '../../../scripts/commands/validate.ts';
import { escapeControl } from '../../../scripts/lib/terminal-text.ts';
import { BASE_VM } from './base.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const kvlab = (args: string[], stdin?: number | Buffer) =>
  spawnSync(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'validate', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    ...(typeof stdin === 'number' ? { stdio: [stdin, 'pipe', 'pipe'] } : stdin ? { input: stdin } : {}),
  });

function memIo(files: Record<string, string>): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    readFile: (p: string) => files[p]!,
    readStdin: () => '',
    out: (s: string) => void (io.stdout += s),
    err: (s: string) => void (io.stderr += s),
  };
  return io;
}

describe('kvlab validate: input size', () => {
  it.each(['/dev/zero', '/dev/urandom'])('stops reading %s at 3 MiB and reports it (exit 1)', (dev) => {
    const r = kvlab([dev]);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${dev}:1:1: error [yaml]: the input is larger than 3 MiB (reading stopped there); the API server accepts at most 3 MiB per request, so it was not parsed`);
  });
  it('stops reading stdin from /dev/zero too, and a piped 4 MB stdin', () => {
    const fd = openSync('/dev/zero', 'r');
    try {
      const r = kvlab(['-'], fd);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('<stdin>:1:1: error [yaml]: the input is larger than 3 MiB');
    } finally {
      closeSync(fd);
    }
    const big = kvlab(['-', '--format', 'json'], Buffer.concat([Buffer.from(BASE_VM), Buffer.alloc(4 * 1024 * 1024, '#')]));
    expect(big.status).toBe(1);
    expect(JSON.parse(big.stdout)[0].documents[0].findings[0].message).toContain('larger than 3 MiB');
  });
  it('reads a file just under the limit as before', async () => {
    const padded = BASE_VM + '#'.repeat(3 * 1024 * 1024 - BASE_VM.length - 1) + '\n';
    const r = kvlab(['-'], Buffer.from(padded));
    expect(r.stdout).toContain('<stdin> - VirtualMachine lab08-probe is valid');
    expect(r.status).toBe(0);
  });
});

describe('kvlab validate: terminal escapes in text output', () => {
  const HOSTILE = '\x1b]0;PWNED\x07\x1b[2J\x1b[31mRED';
  it('escapes control characters of a VM name, a finding and a file name; JSON keeps the string as it is', async () => {
    // The name is refused by the API server's validation (printed Go-quoted); a second VM with a
    // legal name carries the hostile text into an admission message, which is printed raw.
    const named = BASE_VM.replace('name: lab08-probe\nspec', `name: ${JSON.stringify(HOSTILE)}\nspec`);
    const vm = `${named}---\n${BASE_VM.replace('runStrategy: Halted', `runStrategy: ${JSON.stringify(HOSTILE)}`)}`;
    const file = 'vm\x1b[2J.yaml';
    const io = memIo({ [file]: vm });
    expect(await runWith([file], io)).toBe(1);
    // eslint-disable-next-line no-control-regex
    expect(io.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(io.stdout).toContain('VirtualMachine \\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31mRED is invalid');
    expect(io.stdout).toContain('vm\\x1b[2J.yaml:4:9: error [validation] (metadata.name): metadata.name: Invalid value: "\\x1b]0;PWNED\\a\\x1b[2J\\x1b[31mRED": a lowercase RFC 1123 subdomain');
    expect(io.stdout).toMatch(new RegExp(`vm\\\\x1b\\[2J\\.yaml:${BASE_VM.split('\n').length + 6}:\\d+: error .*\\\\x1b\\]0;PWNED\\\\x07`));
    const json = memIo({ [file]: vm });
    await runWith([file, '--format', 'json'], json);
    expect(JSON.parse(json.stdout)[0].documents[0].name).toBe(HOSTILE);
  });
  it('the helper escapes C0, DEL, C1 and bidi controls, and keeps newlines only when asked', () => {
    expect(escapeControl('a\x1b[31mb\x07\x7f\x9b\u202e\tc\nd')).toBe('a\\x1b[31mb\\x07\\x7f\\x9b\\u202e\\tc\\nd');
    expect(escapeControl('line1\nline2\r', true)).toBe('line1\nline2\\r');
    expect(escapeControl('plain ünïcode ✓')).toBe('plain ünïcode ✓');
  });
});
