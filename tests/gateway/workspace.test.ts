// The workspace API against a real gateway (as root: a uid per trainee) and real bash: a save
// lands in the home as the trainee's uid and `cat` shows it; a `sed -i` in the shell reaches
// the events stream; a stale save is a conflict; and trainee B never reads or writes A's files,
// by traversal, by a symlink planted in B's home, or with A's session id. Token roles: a trainer
// token opens no shell and no workspace; a trainee token gets 403 at /trainer, a tampered one 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { issueToken } from '../../scripts/gateway/token.ts';
import { connect, eventually, open, SECRET, startGateway, token, type RunningGateway } from './harness.ts';

let gw: RunningGateway;
let http: string;
const ROOT = join(import.meta.dirname, '..', '..');

beforeAll(async () => {
  gw = await startGateway(['--content', join(ROOT, 'content')]);
  http = `http://127.0.0.1:${gw.port}`;
});
afterAll(async () => {
  await gw?.stop();
});

const auth = (user: string) => ({ authorization: `Bearer ${token(user)}` });

async function getFile(user: string, path: string, headers: Record<string, string> = auth(user)) {
  const r = await fetch(`${http}/workspace/file?path=${encodeURIComponent(path)}`, { headers });
  return { status: r.status, body: (await r.json()) as { text?: string; version?: string | null; error?: string } };
}
async function putFile(user: string, path: string, text: string, base?: string | null, headers: Record<string, string> = auth(user)) {
  const r = await fetch(`${http}/workspace/file?path=${encodeURIComponent(path)}`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(base === undefined ? { text } : { text, base }) });
  return { status: r.status, body: (await r.json()) as { text?: string; version?: string | null; error?: string } };
}

/** Collects the events of /workspace/events (a plain streaming fetch, as EventSource reads it). */
async function events(user: string): Promise<{ seen: { event: string; data: Record<string, unknown> }[]; stop(): void }> {
  const ac = new AbortController();
  const r = await fetch(`${http}/workspace/events?token=${token(user)}`, { signal: ac.signal });
  const seen: { event: string; data: Record<string, unknown> }[] = [];
  const reader = r.body!.getReader();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += Buffer.from(value).toString('utf8');
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (ev && data) seen.push({ event: ev, data: JSON.parse(data) });
        }
      }
    } catch {
      /* aborted */
    }
  })();
  await eventually(() => seen.some((e) => e.event === 'hello'), 10_000, 'hello event');
  return { seen, stop: () => ac.abort() };
}

describe('one workspace per trainee', () => {
  it('a save lands in the home as the trainee (cat shows it), a sed -i in the shell reaches the events, a stale save is a conflict', async () => {
    const shell = await open(gw.url, { token: token('wsa') });
    const ev = await events('wsa');
    const path = 'labs/lab08/vm_lab08-probe.yaml';
    expect((await getFile('wsa', path)).status).toBe(404);
    const put = await putFile('wsa', path, 'kind: VirtualMachine\nname: one\n', null);
    expect(put.status).toBe(200);
    expect(await shell.run(`cat ~/${path}`)).toBe('kind: VirtualMachine\nname: one');
    // written by the trainee's uid, not root
    expect(statSync(join(gw.stateDir, 'homes', 'wsa', path)).uid).toBe(Number(await shell.run('id -u')));

    await shell.run(`sed -i 's/one/two/' ~/${path}`);
    await eventually(() => ev.seen.some((e) => e.event === 'change' && e.data.text === 'kind: VirtualMachine\nname: two\n'), 5000, 'the shell change as an event');
    const now = await getFile('wsa', path);
    expect(now.body.text).toBe('kind: VirtualMachine\nname: two\n');

    // the editor still thinks the file is version `put`: its save is refused with the shell's text
    const stale = await putFile('wsa', path, 'kind: VirtualMachine\nname: three\n', put.body.version);
    expect(stale.status).toBe(409);
    expect(stale.body.text).toBe('kind: VirtualMachine\nname: two\n');
    expect(await shell.run(`cat ~/${path}`)).toBe('kind: VirtualMachine\nname: two');
    // choosing its own version (base = the shell's) goes through
    expect((await putFile('wsa', path, 'kind: VirtualMachine\nname: three\n', now.body.version)).status).toBe(200);
    ev.stop();
    await shell.close();
  });

  it('caps: a path outside the labs folder, a file over 1 MiB', async () => {
    expect((await putFile('wsc', '.bashrc', 'x')).status).toBe(400);
    expect((await putFile('wsc', 'labs/x.yaml', 'x'.repeat(1024 * 1024 + 1))).status).toBe(413);
    expect((await getFile('wsc', 'labs/none.yaml')).status).toBe(404);
  });
});

describe('trainee B cannot reach trainee A', () => {
  it('not by traversal, not by a symlink planted in B\'s home, not with A\'s session id', async () => {
    const a = await open(gw.url, { token: token('alice') });
    expect((await putFile('alice', 'labs/lab08/secret.yaml', 'alice-only\n')).status).toBe(200);
    for (const p of ['labs/../../alice/labs/lab08/secret.yaml', '../alice/labs/lab08/secret.yaml', `${gw.stateDir}/homes/alice/labs/lab08/secret.yaml`, 'labs/lab08/../../../alice/labs/lab08/secret.yaml', 'labs/%2e%2e/x']) {
      expect((await getFile('bob', p)).status, p).toBe(400);
      expect((await putFile('bob', p, 'bob was here\n')).status, p).toBe(400);
    }
    const b = await open(gw.url, { token: token('bob') });
    // a link to A's lab folder, and one to A's file, planted by B in B's own labs folder
    await b.run(`mkdir -p ~/labs && ln -s ${gw.stateDir}/homes/alice/labs/lab08 ~/labs/evil && ln -s ${gw.stateDir}/homes/alice/labs/lab08/secret.yaml ~/labs/file.yaml`);
    for (const p of ['labs/evil/secret.yaml', 'labs/file.yaml']) {
      const got = await getFile('bob', p);
      expect(got.status, p).toBe(403);
      expect(JSON.stringify(got.body)).not.toContain('alice-only');
      expect((await putFile('bob', p, 'bob was here\n')).status, p).toBe(403);
    }
    // and B's own shell cannot read A's home either
    expect(await b.run(`cat ${gw.stateDir}/homes/alice/labs/lab08/secret.yaml 2>&1 || true`)).toMatch(/Permission denied/);
    // A's session id with B's token: a fresh shell of B's, not A's
    const stolen = await open(gw.url, { token: token('bob'), session: a.hello.session });
    expect(stolen.hello.resumed).toBe(false);
    expect(stolen.hello.user).toBe('bob');
    expect(await stolen.run('echo $HOME')).toBe(join(gw.stateDir, 'homes', 'bob'));
    expect((await getFile('alice', 'labs/lab08/secret.yaml')).body.text).toBe('alice-only\n');
    await Promise.all([a.close(), b.close(), stolen.close()]);
  });
});

describe('token roles', () => {
  it('a trainer token opens no shell and no workspace; /trainer takes only a trainer token', async () => {
    const trainer = issueToken(SECRET, 'tom', 3600, Date.now(), 'trainer');
    const r = await connect(gw.url, { token: trainer });
    expect('status' in r && r.status).toBe(403);
    expect((await getFile('x', 'labs/a.yaml', { authorization: `Bearer ${trainer}` })).status).toBe(403);

    expect((await fetch(`${http}/trainer?token=${token('alice')}`)).status).toBe(403);
    const [head, payload, sig] = trainer.split('.');
    const tampered = `${head}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'eve' })).toString('base64url')}.${sig}`;
    expect((await fetch(`${http}/trainer?token=${tampered}`)).status).toBe(401);
    // a trainee token re-labelled as a trainer's is a bad signature too
    const [h2, p2, s2] = token('alice').split('.');
    const promoted = `${h2}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p2, 'base64url').toString()), role: 'trainer' })).toString('base64url')}.${s2}`;
    expect((await fetch(`${http}/trainer?token=${promoted}`)).status).toBe(401);
    const ok = await fetch(`${http}/trainer?token=${trainer}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    // another origin may not read the class
    expect((await fetch(`${http}/trainer/api/class`, { headers: { authorization: `Bearer ${trainer}`, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(`${http}/trainer/api/class`, { headers: { authorization: `Bearer ${trainer}` } })).status).toBe(200);
  });
});
