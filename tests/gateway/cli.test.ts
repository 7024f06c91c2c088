// `kvlab gateway` as a command: bad input ends with exit 2 and a message saying where and what.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../../scripts/gateway/token.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'kvlab-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECRET = 'cli-test-secret-Vq3xR8tLw2ZpN6yKc1Hd';

function kvlab(args: string[], env: Record<string, string> = { KVLAB_GATEWAY_SECRET: SECRET }) {
  return spawnSync(join(ROOT, 'node_modules', '.bin', 'node'), [join(ROOT, 'scripts', 'kvlab.mjs'), 'gateway', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    timeout: 30_000,
  });
}

describe('kvlab gateway (CLI)', () => {
  it('token prints a token the gateway accepts for that user', () => {
    const r = kvlab(['token', '--user', 'alice', '--ttl', '1h']);
    expect(r.status).toBe(0);
    const v = verifyToken(SECRET, r.stdout.trim());
    expect(v).toMatchObject({ ok: true, claims: { sub: 'alice' } });
  });
  it('refuses to run or issue tokens without a good secret', () => {
    for (const args of [['token', '--user', 'a'], ['--port', '0']]) {
      const r = kvlab(args, {});
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/KVLAB_GATEWAY_SECRET is not set/);
    }
    expect(kvlab(['token', '--user', 'a'], { KVLAB_GATEWAY_SECRET: 'short' }).stderr).toMatch(/at least 32/);
  });
  it('reports a bad trainees file as file:line:column and does not start', () => {
    const f = join(dir, 'trainees.yaml');
    writeFileSync(f, '- user: alice\n- user: Alice\n');
    const r = kvlab(['--port', '0', '--trainees', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${f}:2:9: user "Alice" is not a DNS label`);
  });
  it("reports a trainee's unreadable kubeconfig", () => {
    const f = join(dir, 'trainees2.yaml');
    writeFileSync(f, '- user: alice\n  kubeconfig: nope.yaml\n');
    const r = kvlab(['--port', '0', '--trainees', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/trainee alice: .*nope\.yaml: cannot read the trainee's kubeconfig \(ENOENT\)/);
  });
  it('reports a missing trainees file and unknown options', () => {
    expect(kvlab(['--trainees', join(dir, 'missing.yaml')]).stderr).toMatch(/cannot read trainees file .*missing\.yaml \(ENOENT\)/);
    const r = kvlab(['--prot', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option "--prot"/);
  });
  it('--help lists the subcommands', () => {
    const r = kvlab(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/kvlab gateway token --user U/);
  });
});
