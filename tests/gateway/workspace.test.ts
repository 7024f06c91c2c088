// The workspace API against a real gateway (as root: a uid per trainee) and real bash: a save
// lands in the home as the trainee's uid and `cat` shows it; a `sed -i` in the shell reaches
// the events stream; a stale save is a conflict; and trainee B never reads or writes A's files,
// by traversal, by a symlink planted in B's home, or with A's session id. Token roles: a trainer
// token opens no shell and no workspace; a trainee token gets 403 at /trainer, a tampered one 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { issueToken } from '../../scripts/gateway/token.ts';
import { connect, eventually, open, SECRET, startGateway, token, type RunningGateway } from './harness.ts';
import { children } from './procfs.ts';

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
    // a folder made in the shell is watched too, and a file written into it at once is seen
    await shell.run(`mkdir -p ~/labs/lab09/deep && echo 'a: 1' > ~/labs/lab09/deep/new.yaml && mv ~/labs/lab09 ~/labs/lab10`);
    await eventually(() => ev.seen.some((e) => e.event === 'change' && e.data.path === 'labs/lab10/deep/new.yaml' && e.data.text === 'a: 1\n'), 5000, 'a file in a new folder as an event');
    await shell.run(`echo 'a: 2' > ~/labs/lab10/deep/new.yaml`);
    await eventually(() => ev.seen.some((e) => e.event === 'change' && e.data.path === 'labs/lab10/deep/new.yaml' && e.data.text === 'a: 2\n'), 5000, 'a change in the moved folder');
    ev.stop();
    await shell.close();
  });

  it("saves and reads run in one long-lived helper per trainee, as the trainee's uid (not a process per save); a helper that was killed is replaced", async () => {
    // a process forked per save blocked the gateway's event loop until it exec'd (30 ms each on
    // a loaded machine): 100 trainees saving every 2 s stalled it for seconds (bench gateway-workspace)
    const helpers = () =>
      children(gw.pid).filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('kvlab-files');
        } catch {
          return false;
        }
      });
    const uidOf = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
    const path = 'labs/lab08/helper.yaml';
    expect((await putFile('wsh', path, 'n: 0\n')).status).toBe(200);
    const first = helpers();
    expect(first).toHaveLength(1);
    const home = join(gw.stateDir, 'homes', 'wsh');
    expect(uidOf(first[0]!)).toBe(statSync(home).uid);
    for (let n = 1; n <= 5; n++) expect((await putFile('wsh', path, `n: ${n}\n`, (await getFile('wsh', path)).body.version)).status).toBe(200);
    expect(helpers()).toEqual(first);
    expect(statSync(join(home, path)).uid).toBe(statSync(home).uid);
    // the trainee's last session sweeps every process of their uid, the helper with them
    process.kill(first[0]!, 'SIGKILL');
    await eventually(() => helpers().length === 0, 10_000, 'the killed helper gone');
    expect((await putFile('wsh', path, 'n: 6\n')).status).toBe(200);
    expect((await getFile('wsh', path)).body.text).toBe('n: 6\n');
    expect(helpers()).toHaveLength(1);
    expect(helpers()).not.toEqual(first);
  });

  it('a save on a keep-alive connection that sat idle past Node\'s default 5 s timeout is answered, not reset', async () => {
    // the bench's 100 trainees got ECONNRESET: the gateway closed idle connections after 5 s,
    // just as clients reused them (a stalled event loop runs that timer before the request)
    const sock = tcpConnect(gw.port, '127.0.0.1');
    let got = '';
    let ended = false;
    sock.on('data', (d) => (got += String(d)));
    sock.on('end', () => (ended = true));
    sock.on('error', () => (ended = true));
    const save = (n: number) => {
      const body = JSON.stringify({ text: `n: ${n}\n` });
      sock.write(`PUT /workspace/file?path=labs/ka.yaml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nAuthorization: Bearer ${token('wsk')}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    const answers = () => got.match(/^HTTP\/1\.1 \d+/gm) ?? [];
    save(1);
    await eventually(() => answers().length === 1, 10_000, 'the first answer');
    expect(answers()[0]).toBe('HTTP/1.1 200');
    // the gateway tells clients how long it keeps an idle connection: longer than they do
    expect(Number(/^keep-alive: timeout=(\d+)/im.exec(got)?.[1])).toBeGreaterThanOrEqual(60);
    // idle past Node's default keepAliveTimeout (5 s); the gateway must not have closed it
    await new Promise((r) => setTimeout(r, 5600));
    expect(ended).toBe(false);
    save(2);
    await eventually(() => answers().length === 2 || ended, 10_000, 'the second answer');
    expect(answers()[1]).toBe('HTTP/1.1 200');
    expect((await getFile('wsk', 'labs/ka.yaml')).body.text).toBe('n: 2\n');
    sock.destroy();
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

describe('two gateways sharing a state dir', () => {
  it('a trainee reconnecting through the other finds their files; either class page shows both trainees', async () => {
    // gus's shell runs on the first gateway before the second starts (and must survive its start)
    const gus = await open(gw.url, { token: token('gus') });
    const gw2 = await startGateway(['--content', join(ROOT, 'content')], {}, { stateDir: gw.stateDir, keepState: true });
    try {
      const http2 = `http://127.0.0.1:${gw2.port}`;
      // fran saves through the first gateway, then her shell opens on the second
      expect((await putFile('fran', 'labs/lab08/vm_lab08-probe.yaml', 'kind: VirtualMachine # fran\n', null)).status).toBe(200);
      const fran = await open(`ws://127.0.0.1:${gw2.port}/terminal`, { token: token('fran') });
      expect(await fran.run('cat ~/labs/lab08/vm_lab08-probe.yaml')).toBe('kind: VirtualMachine # fran');
      const r = await fetch(`${http2}/workspace/file?path=labs/lab08/vm_lab08-probe.yaml`, { headers: auth('fran') });
      expect(((await r.json()) as { text: string }).text).toBe('kind: VirtualMachine # fran\n');
      // gus works on the first gateway only
      await gus.run('mkdir -p ~/labs/lab08 && echo "kind: VirtualMachine # gus" > ~/labs/lab08/vm_lab08-probe.yaml');
      const trainer = { authorization: `Bearer ${issueToken(SECRET, 'tom', 3600, Date.now(), 'trainer')}` };
      for (const base of [http, http2]) {
        await expect
          .poll(async () => {
            const c = (await (await fetch(`${base}/trainer/api/class`, { headers: trainer })).json()) as { trainees: { user: string; connected: boolean }[] };
            return ['fran', 'gus'].map((u) => c.trainees.find((t) => t.user === u)?.connected ?? 'missing');
          }, { timeout: 10_000 })
          .toEqual([true, true]);
      }
      // the first gateway's shell is untouched by the second's start (not taken for an orphan)
      expect(await gus.run('echo alive')).toBe('alive');
      await Promise.all([fran.close(), gus.close()]);
    } finally {
      await gw2.stop();
    }
  });
});
