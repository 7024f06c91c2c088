// kvlab#17 against a running gateway: no shell before the WebSocket upgrade completed (item
// 12), and trainee kubeconfigs that others can read are refused (item 11).
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { open, SECRET, startGateway, tempDir, token, writeTrainees } from './harness.ts';
import { children as descendants } from './procfs.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const comm = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};

/** An upgrade request without Sec-WebSocket-Key; resolves to the status line. */
function badHandshake(port: number, target: string): Promise<string> {
  return new Promise((ok, fail) => {
    const sock = tcp(port, '127.0.0.1', () => sock.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n`));
    let out = '';
    const t = setTimeout(() => sock.destroy(), 5000);
    sock.on('data', (d) => (out += String(d)));
    sock.on('close', () => {
      clearTimeout(t);
      ok(out.split('\r\n')[0]);
    });
    sock.on('error', fail);
  });
}

describe('a failed WebSocket handshake with a valid token', () => {
  it('starts no shell and takes no session slot', async () => {
    const gw = await startGateway(['--max-sessions-per-user', '3']);
    try {
      const bashes = () => descendants(gw.pid).filter((p) => comm(p) === 'bash');
      for (let i = 0; i < 3; i++) expect(await badHandshake(gw.port, `/terminal?token=${token('alice')}`)).toMatch(/^HTTP\/1\.1 400/);
      expect(bashes()).toEqual([]);
      expect(await (await fetch(`http://127.0.0.1:${gw.port}/healthz`)).json()).toMatchObject({ sessions: 0 });
      const c = await open(gw.url, { token: token('alice') }); // not 429
      expect(await c.run('echo ok')).toBe('ok');
      await c.close();
    } finally {
      await gw.stop();
    }
  });
});

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster: {server: 'https://127.0.0.1:1'}
contexts:
- name: lab
  context: {cluster: lab, user: sa}
current-context: lab
users:
- name: sa
  user: {token: alice-secret-sa-token}
`;

describe("a trainee's kubeconfig", () => {
  it('readable by others (0644): the gateway refuses to start and says how to fix it', () => {
    const dir = tempDir('kvlab-kc-');
    dirs.push(dir);
    writeFileSync(join(dir, 'alice.yaml'), KUBECONFIG);
    chmodSync(join(dir, 'alice.yaml'), 0o644);
    const file = writeTrainees(dir, '- user: alice\n  kubeconfig: alice.yaml\n');
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'node'), [join(ROOT, 'scripts', 'kvlab.mjs'), 'gateway', '--port', '0', '--host', '127.0.0.1', '--trainees', file, '--state-dir', join(dir, 'state')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', KVLAB_GATEWAY_SECRET: SECRET },
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`trainee alice: ${join(dir, 'alice.yaml')}: holds a credential and is readable by others (mode 644); run: chmod 600 ${join(dir, 'alice.yaml')}`);
  });

  it('private (0600): copied into the home with mode 0600, owned by the trainee', async () => {
    const dir = tempDir('kvlab-kc-');
    dirs.push(dir);
    writeFileSync(join(dir, 'alice.yaml'), KUBECONFIG, { mode: 0o600 });
    const gw = await startGateway(['--trainees', writeTrainees(dir, '- user: alice\n  kubeconfig: alice.yaml\n')]);
    try {
      const c = await open(gw.url, { token: token('alice') });
      expect(await c.run('stat -c "%a %u" $KUBECONFIG')).toBe(`600 ${await c.run('id -u')}`);
      expect(await c.run("kubectl config view --raw -o jsonpath='{.users[0].user.token}'")).toBe('alice-secret-sa-token');
      await c.close();
    } finally {
      await gw.stop();
    }
  });
});
