// Who may open which shell: tokens, origins, trainees, caps, and session ids across users.
import { rmSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, connect, open, startGateway, tempDir, token, writeTrainees, type RunningGateway, SECRET } from './harness.ts';
import { issueToken } from '../../scripts/gateway/token.ts';

let gw: RunningGateway;
let dir: string;

beforeAll(async () => {
  dir = tempDir('kvlab-trainees-');
  const file = writeTrainees(dir, '- user: alice\n- user: bob\n  namespace: team-bob\n- user: carol\n- user: dora\n');
  gw = await startGateway(['--trainees', file, '--origin', 'https://labs.example.org', '--max-sessions-per-user', '2']);
});
afterAll(async () => {
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function tamper(t: string): string {
  // Change the payload's user claim but keep the old signature.
  const [v, payload, sig] = t.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  claims.sub = 'bob';
  return [v, Buffer.from(JSON.stringify(claims)).toString('base64url'), sig].join('.');
}

describe('refused at the upgrade', () => {
  it('401 without a token', async () => {
    const r = await connect(gw.url);
    expect(r).toMatchObject({ status: 401 });
    expect((r as { body: string }).body).toMatch(/missing token/);
  });
  it('401 for a tampered token (claims changed, signature kept)', async () => {
    const r = await connect(gw.url, { token: tamper(token('alice')) });
    expect(r).toMatchObject({ status: 401, body: expect.stringMatching(/signature/) });
  });
  it('401 for a token signed with another secret', async () => {
    const r = await connect(gw.url, { token: issueToken(SECRET + 'x', 'alice', 3600) });
    expect(r).toMatchObject({ status: 401 });
  });
  it('401 for an expired token', async () => {
    const r = await connect(gw.url, { token: token('alice', 60, Date.now() - 3600_000) });
    expect(r).toMatchObject({ status: 401, body: expect.stringMatching(/expired/) });
  });
  it('401 for garbage', async () => {
    expect(await connect(gw.url, { token: 'kvl1.!!!.???' })).toMatchObject({ status: 401 });
  });
  it('403 for a foreign Origin, even with a valid token', async () => {
    const r = await connect(gw.url, { token: token('alice'), origin: 'https://evil.example.com' });
    expect(r).toMatchObject({ status: 403, body: expect.stringMatching(/origin/) });
  });
  it('403 for a valid token of a user who is not a trainee', async () => {
    expect(await connect(gw.url, { token: token('mallory') })).toMatchObject({ status: 403 });
  });
  it('404 for other paths', async () => {
    expect(await connect(gw.url.replace('/terminal', '/shell'), { token: token('alice') })).toMatchObject({ status: 404 });
  });
});

function raw(port: number, target: string): Promise<string> {
  return new Promise((ok, fail) => {
    const sock = tcp(port, '127.0.0.1', () =>
      sock.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`),
    );
    let out = '';
    sock.on('data', (d) => (out += String(d)));
    sock.on('close', () => ok(out.split('\r\n')[0]));
    sock.on('error', fail);
    setTimeout(() => sock.destroy(), 3000);
  });
}

describe('/healthz', () => {
  it('answers, and lets only allowed page origins read it (CORS)', async () => {
    const ok = await fetch(`http://127.0.0.1:${gw.port}/healthz`, { headers: { origin: 'https://labs.example.org' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://labs.example.org');
    expect(await ok.json()).toMatchObject({ ok: true, sessions: expect.any(Number) });
    const foreign = await fetch(`http://127.0.0.1:${gw.port}/healthz`, { headers: { origin: 'https://evil.example.com' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('odd requests', () => {
  it('are answered with a status, and the gateway stays up', async () => {
    expect(await raw(gw.port, 'http://[')).toMatch(/^HTTP\/1\.1 (400|404)/);
    expect(await raw(gw.port, '//x/terminal')).toMatch(/^HTTP\/1\.1 (401|404)/);
    expect(await raw(gw.port, '/terminal?token=%ZZ')).toMatch(/^HTTP\/1\.1 (400|401)/);
    expect(await raw(gw.port, `/terminal?token=${token('dora')}&cols=-1&rows=abc&session=a&session=b`)).toMatch(/^HTTP\/1\.1 101/);
    const h = await (await fetch(`http://127.0.0.1:${gw.port}/healthz`)).json();
    expect(h.ok).toBe(true);
  });
});

describe('accepted', () => {
  it('an allowed Origin and the Authorization header work', async () => {
    const c = await open(gw.url, { token: token('alice'), origin: 'https://labs.example.org', bearer: true });
    expect(c.hello).toMatchObject({ type: 'hello', user: 'alice', namespace: 'alice', resumed: false });
    expect(await c.run('echo $USER')).toBe('alice');
    await c.close();
  });

  it('caps sessions per trainee (429), and frees the slot when one ends', async () => {
    const a = await open(gw.url, { token: token('carol') });
    const b = await open(gw.url, { token: token('carol') });
    const third = await connect(gw.url, { token: token('carol') });
    expect(third).toMatchObject({ status: 429, body: expect.stringMatching(/already has 2 sessions/) });
    a.send('exit\r');
    await a.until(() => a.closeCode !== undefined, 10_000, 'close');
    expect(a.controls).toContainEqual({ type: 'exit', code: 0, signal: null });
    const again = await open(gw.url, { token: token('carol') });
    await again.close();
    await b.close();
  });
});

describe('one trainee cannot reach another one\'s shell', () => {
  it("alice's token with bob's session id gets a fresh shell of alice's, and bob's shell never sees her input", async () => {
    const bob = await open(gw.url, { token: token('bob') });
    expect(bob.hello.namespace).toBe('team-bob');
    const bobPid = await bob.run('echo $$');
    const alice = await open(gw.url, { token: token('alice'), session: bob.hello.session });
    expect(alice.hello.resumed).toBe(false);
    expect(alice.hello.session).not.toBe(bob.hello.session);
    expect(alice.hello.user).toBe('alice');
    const alicePid = await alice.run('echo $$');
    expect(alicePid).not.toBe(bobPid);
    expect(await alice.run('echo $USER')).toBe('alice');
    alice.send('echo secret-from-alice\r');
    await alice.waitFor(/secret-from-alice[\s\S]*secret-from-alice/);
    // bob's socket is still his, and nothing alice typed reached it.
    expect(await bob.run('echo $$')).toBe(bobPid);
    expect(bob.output).not.toContain('secret-from-alice');
    expect(bob.closeCode).toBeUndefined();
    await alice.close();
    await bob.close();
  });

  it('when the gateway runs as root, trainees run as different uids and cannot read each other\'s home', async () => {
    if (process.getuid?.() !== 0) return; // uid separation needs root; documented in docs/gateway.md
    const alice = await open(gw.url, { token: token('alice') });
    const bob = await open(gw.url, { token: token('bob') });
    const aliceUid = await alice.run('id -u');
    const bobUid = await bob.run('id -u');
    expect(aliceUid).not.toBe(bobUid);
    expect(Number(aliceUid)).toBeGreaterThanOrEqual(20000);
    const bobHome = await bob.run('echo $HOME');
    const r = await alice.run(`cat ${bobHome}/.kube/config; echo rc=$?`);
    expect(r).toMatch(/Permission denied[\s\S]*rc=1/);
    const bobPid = await bob.run('echo $$');
    expect(await alice.run(`cat /proc/${bobPid}/environ >/dev/null; echo rc=$?`)).toMatch(/rc=1/);
    await alice.close();
    await bob.close();
  });
});

export type { Client };
