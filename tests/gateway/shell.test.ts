// What a trainee's shell is: real bash, its own env/home/kubeconfig, resize, ping, reattach.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, eventually, open, SECRET, startGateway, tempDir, token, writeTrainees, type RunningGateway } from './harness.ts';

let gw: RunningGateway;
let dir: string;

beforeAll(async () => {
  dir = tempDir('kvlab-trainees-');
  writeFileSync(
    join(dir, 'dave.kubeconfig'),
    `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster:
    server: https://127.0.0.1:1
contexts:
- name: lab
  context: {cluster: lab, user: dave-sa, namespace: default}
current-context: lab
users:
- name: dave-sa
  user:
    token: dave-service-account-token
`,
    { mode: 0o600 },
  );
  const file = writeTrainees(dir, '- user: alice\n- user: dave\n  namespace: lab-dave\n  kubeconfig: dave.kubeconfig\n');
  gw = await startGateway(['--trainees', file, '--grace', '3s', '--server', 'https://127.0.0.1:2'], { SOME_GATEWAY_VAR: 'gateway-only' });
});
afterAll(async () => {
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a shell', () => {
  it('echoes what is typed (binary frames both ways)', async () => {
    const c = await open(gw.url, { token: token('alice') });
    c.send('echo round-$((20+22))-trip\r');
    await c.waitFor(/round-42-trip/);
    await c.close();
  });

  it('gets USER, HOME, KUBECONFIG of its own and nothing of the gateway process', async () => {
    const c = await open(gw.url, { token: token('alice') });
    const env = Object.fromEntries(
      (await c.run('env -0 | tr "\\0" "\\n" | grep -v "^_=" | grep -v "^SHLVL=" | grep -v "^PWD=" | grep -v "^OLDPWD="'))
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(env.USER).toBe('alice');
    expect(env.HOME).toBe(join(gw.stateDir, 'homes', 'alice'));
    expect(env.KUBECONFIG).toBe(join(env.HOME, '.kube', 'config'));
    expect(Object.keys(env).sort()).toEqual(['HOME', 'KUBECONFIG', 'KVLAB_GATEWAY_PID', 'KVLAB_NAMESPACE', 'KVLAB_SESSION', 'LANG', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER']);
    expect(JSON.stringify(env)).not.toContain(SECRET);
    expect(JSON.stringify(env)).not.toContain('gateway-only');
    expect(await c.run('pwd')).toBe(env.HOME);
    expect(await c.run('stat -c %a $HOME')).toBe('700');
    expect(await c.run('stat -c %a $KUBECONFIG')).toBe('600');
    // The gateway's own environment (secret included) is not reachable through /proc either.
    const gwEnv = await c.run(`cat /proc/${gw.pid}/environ 2>&1 | tr "\\0" "\\n"`);
    if (process.getuid?.() === 0) expect(gwEnv).toMatch(/Permission denied|No such file/); // hidden by hidepid=2
    await c.close();
  });

  it("without a kubeconfig entry: context in the trainee's namespace, no credential; kubectl runs and fails to connect", async () => {
    const c = await open(gw.url, { token: token('alice') });
    const cfg = parse(await c.run('cat $KUBECONFIG'));
    expect(cfg['current-context']).toBe('kvlab');
    expect(cfg.contexts[0].context.namespace).toBe('alice');
    // No token, certificate or password: only an exec plugin that explains, so kubectl does
    // not stop at an interactive "Please enter Username:" prompt.
    expect(Object.keys(cfg.users[0].user)).toEqual(['exec']);
    expect(cfg.clusters[0].cluster.server).toBe('https://127.0.0.1:2');
    expect(await c.run("kubectl config view --minify -o jsonpath='{..namespace}' 2>/dev/null")).toBe('alice');
    const out = await c.run('kubectl get vmi --request-timeout=3s 2>&1; echo rc=$?', 30_000);
    expect(out).toMatch(/no cluster credential is set for alice[\s\S]*rc=1/);
    expect(out).not.toMatch(/Username/);
    // The documented way to add one works (the token in a file, never on a command line,
    // where other trainees' `ps` could read it), and survives the next session.
    await c.run('(umask 077; printf abc > ~/.kube/token) && kubectl config unset users.kvlab.exec >/dev/null && kubectl config set users.kvlab.tokenFile ~/.kube/token >/dev/null');
    await c.close();
    const again = await open(gw.url, { token: token('alice') });
    const out2 = await again.run('kubectl get vmi --request-timeout=3s 2>&1; echo rc=$?', 30_000);
    expect(out2).toMatch(/127\.0\.0\.1:2[\s\S]*refused[\s\S]*rc=1/);
    expect(parse(await again.run('cat $KUBECONFIG')).users[0].user).toEqual({ tokenFile: join(gw.stateDir, 'homes', 'alice', '.kube', 'token') });
    await again.run('rm $KUBECONFIG');
    await again.close();
    return;
    await c.close();
  });

  it("with a kubeconfig entry: the trainee's cluster and credential, namespace from the trainees file", async () => {
    const c = await open(gw.url, { token: token('dave') });
    expect(c.hello.namespace).toBe('lab-dave');
    const cfg = parse(await c.run('cat $KUBECONFIG'));
    expect(cfg.contexts[0].context.namespace).toBe('lab-dave');
    expect(cfg.users[0].user).toEqual({ token: 'dave-service-account-token' });
    expect(cfg.clusters[0].cluster.server).toBe('https://127.0.0.1:1');
    await c.close();
  });

  it('resizes the pty (stty size) at connect and on a resize frame', async () => {
    const c = await open(gw.url, { token: token('alice'), query: 'cols=100&rows=30' });
    expect(await c.run('stty size')).toBe('30 100');
    c.control({ type: 'resize', cols: 132, rows: 43 });
    await new Promise((r) => setTimeout(r, 100));
    expect(await c.run('stty size')).toBe('43 132');
    c.control({ type: 'resize', cols: 0, rows: 43 });
    await c.until(() => c.controls.find((m) => m.type === 'error'), 5000, 'error');
    expect(await c.run('stty size')).toBe('43 132');
    await c.close();
  });

  it('answers ping with pong and reports bad control frames without closing', async () => {
    const c = await open(gw.url, { token: token('alice') });
    c.control({ type: 'ping', id: 7 });
    await c.until(() => c.controls.find((m) => m.type === 'pong'), 5000, 'pong');
    expect(c.controls).toContainEqual({ type: 'pong', id: 7 });
    c.ws.send('not json');
    c.control({ type: 'launch-missiles' });
    for (const odd of ['null', '[]', '"resize"', '42', '{"type":"resize","cols":"80","rows":24}', '{"type":"resize","cols":1e9,"rows":2.5}']) c.ws.send(odd);
    await c.until(() => c.controls.filter((m) => m.type === 'error').length === 8, 5000, 'eight errors');
    expect(c.controls.filter((m) => m.type === 'error').map((m) => m.message)).toEqual([
      expect.stringMatching(/JSON control/),
      expect.stringMatching(/unknown control message type "launch-missiles"/),
      ...Array(4).fill(expect.stringMatching(/a control message is a JSON object/)),
      ...Array(2).fill(expect.stringMatching(/resize needs integer cols/)),
    ]);
    expect(await c.run('echo still-here')).toBe('still-here');
    await c.close();
  });

  it('reattaches to the same shell after a network drop within the grace period, with what it printed meanwhile', async () => {
    const c = await open(gw.url, { token: token('alice') });
    const pid = await c.run('echo $$');
    await c.run('cd /tmp && export MARK=kept');
    c.send('sleep 0.5; echo printed-while-away\r');
    c.drop();
    await new Promise((r) => setTimeout(r, 1000));
    const back = await open(gw.url, { token: token('alice'), session: c.hello.session });
    expect(back.hello).toMatchObject({ resumed: true, session: c.hello.session });
    await back.waitFor(/printed-while-away/);
    expect(await back.run('echo $$ $MARK $PWD')).toBe(`${pid} kept /tmp`);
    await back.close();
  });

  it('a newer connection to the same session takes it over (4001 to the old one)', async () => {
    const a = await open(gw.url, { token: token('alice') });
    const b = await open(gw.url, { token: token('alice'), session: a.hello.session });
    await a.until(() => a.closeCode, 5000, 'close');
    expect(a.closeCode).toBe(4001);
    expect(b.hello.resumed).toBe(true);
    await b.close();
  });

  it('after the grace period the dropped shell is gone and its id starts a fresh one', async () => {
    const c = await open(gw.url, { token: token('alice') });
    const pid = Number(await c.run('echo $$'));
    c.drop();
    await new Promise((r) => setTimeout(r, 3000)); // the grace period
    await eventually(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 10_000, 'the dropped shell to end');
    const r = await connect(gw.url, { token: token('alice'), session: c.hello.session });
    if (!('hello' in r)) throw new Error('refused');
    expect(r.hello.resumed).toBe(false);
    await r.close();
  });

  it('delivers the last output before the exit message when the shell exits', async () => {
    const c = await open(gw.url, { token: token('alice') });
    c.send('echo bye-$((40+2)); exit 3\r');
    await c.until(() => c.closeCode, 10_000, 'close');
    expect(c.output).toMatch(/bye-42/);
    expect(c.controls.at(-1)).toEqual({ type: 'exit', code: 3, signal: null });
    expect(c.closeCode).toBe(1000);
  });

  it('leaving the page (close 1001) keeps the shell for the next page to reattach', async () => {
    const c = await open(gw.url, { token: token('alice') });
    const pid = await c.run('echo $$');
    await c.close(1001);
    const next = await open(gw.url, { token: token('alice'), session: c.hello.session });
    expect(next.hello.resumed).toBe(true);
    expect(await next.run('echo $$')).toBe(pid);
    await next.close();
  });
});

describe('heartbeat', () => {
  it('a client that stops answering pings is dropped and its shell waits for it in the grace period', async () => {
    const hb = await startGateway(['--heartbeat', '2s', '--grace', '30s']);
    try {
      const c = await open(hb.url, { token: token('alice'), autoPong: false });
      let answering = true;
      c.ws.on('ping', () => answering && c.ws.pong());
      const pid = await c.run('echo $$');
      await new Promise((r) => setTimeout(r, 5000)); // answered pings keep it open
      expect(c.closeCode).toBeUndefined();
      answering = false; // a laptop lid closing
      await c.until(() => c.closeCode, 20_000, 'the gateway to drop the silent connection');
      const h = await (await fetch(`http://127.0.0.1:${hb.port}/healthz`)).json();
      expect(h).toMatchObject({ sessions: 1, attached: 0 });
      const back = await open(hb.url, { token: token('alice'), session: c.hello.session });
      expect(await back.run('echo $$')).toBe(pid);
      await back.close();
    } finally {
      await hb.stop();
    }
  });
});

describe('trainee uids', () => {
  it('stay with the trainee when the trainees file is reordered', async () => {
    if (process.getuid?.() !== 0) return; // uids are only assigned as root
    const d = tempDir('kvlab-trainees-');
    const state = tempDir('kvlab-gw-');
    try {
      const first = await startGateway(['--trainees', writeTrainees(d, '- user: alice\n- user: erin\n')], {}, { stateDir: state, keepState: true });
      let c = await open(first.url, { token: token('erin') });
      const uid1 = await c.run('id -u');
      await c.run('echo kept > ~/notes.txt');
      await c.close();
      await first.stop();
      const second = await startGateway(['--trainees', writeTrainees(d, '- user: erin\n- user: alice\n')], {}, { stateDir: state, keepState: true });
      c = await open(second.url, { token: token('erin') });
      expect(await c.run('id -u')).toBe(uid1);
      expect(await c.run('cat ~/notes.txt')).toBe('kept');
      await c.close();
      const a = await open(second.url, { token: token('alice') });
      expect(await a.run('id -u')).not.toBe(uid1);
      expect(await a.run(`cat ${join(state, 'homes', 'erin', 'notes.txt')} 2>&1; echo rc=$?`)).toMatch(/Permission denied[\s\S]*rc=1/);
      await a.close();
      await second.stop();
    } finally {
      rmSync(d, { recursive: true, force: true });
      rmSync(state, { recursive: true, force: true });
    }
  });

  it("a symlink planted in one's own home does not make the gateway write another trainee's files", async () => {
    if (process.getuid?.() !== 0) return;
    const alice = await open(gw.url, { token: token('alice') });
    const aliceHome = await alice.run('echo $HOME');
    const before = await alice.run('stat -c "%u %s %Y" $KUBECONFIG; md5sum < $KUBECONFIG');
    // dave's kubeconfig is rewritten at every session start (his entry names one).
    const dave = await open(gw.url, { token: token('dave') });
    await dave.run(`rm -f ~/.kube/config && ln -s ${aliceHome}/.kube/config ~/.kube/config && ln -sf ${aliceHome}/.bash_history ~/.bashrc.lnk`);
    await dave.close();
    const again = await connect(gw.url, { token: token('dave') });
    if ('hello' in again) await again.close();
    else expect(again).toMatchObject({ status: 500, body: expect.stringMatching(/cannot write \.kube\/config/) });
    expect(await alice.run('stat -c "%u %s %Y" $KUBECONFIG; md5sum < $KUBECONFIG')).toBe(before);
    await alice.close();
  });
});
