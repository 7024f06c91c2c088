// The gateway's pure parts: tokens, the trainees file with its error positions, arguments,
// and the kubeconfig a shell gets.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import fc from 'fast-check';
import { parseGatewayArgs } from '../../scripts/gateway/args.ts';
import { buildKubeconfig } from '../../scripts/gateway/kubeconfig.ts';
import { originAllowed } from '../../scripts/gateway/server.ts';
import { checkSecret, issueToken, parseDuration, verifyToken } from '../../scripts/gateway/token.ts';
import { formatProblem, parseTrainees } from '../../scripts/gateway/trainees.ts';

const S = 'pure-test-secret-7Hq2xLw9ZpN4yKc1';

describe('tokens', () => {
  it('verify while valid, name the user, expire at exp', () => {
    const now = Date.UTC(2026, 10, 25, 12);
    const t = issueToken(S, 'alice', 8 * 3600, now);
    expect(verifyToken(S, t, now)).toEqual({ ok: true, claims: { sub: 'alice', iat: now / 1000, exp: now / 1000 + 8 * 3600, role: 'trainee' } });
    const tr = issueToken(S, 'tom', 3600, now, 'trainer');
    expect(verifyToken(S, tr, now)).toEqual({ ok: true, claims: { sub: 'tom', iat: now / 1000, exp: now / 1000 + 3600, role: 'trainer' } });
    expect(verifyToken(S, t, now + 8 * 3600_000 - 1000).ok).toBe(true);
    expect(verifyToken(S, t, now + 8 * 3600_000)).toEqual({ ok: false, reason: 'token expired' });
  });
  it('refuse any single-character change, another secret, and junk', () => {
    const t = issueToken(S, 'alice', 3600);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: t.length - 1 }), fc.constantFrom(...'abcXYZ019-_.'), (i, ch) => {
        fc.pre(t[i] !== ch);
        const bad = t.slice(0, i) + ch + t.slice(i + 1);
        // Even where base64url decoding would give the same bytes (the last character's unused bits).
        expect(verifyToken(S, bad).ok).toBe(false);
      }),
    );
    expect(verifyToken(S + '!', t).ok).toBe(false);
    for (const junk of [undefined, '', 'x', 'kvl1..', 'kvl2.a.b', 'a.b.c.d']) expect(verifyToken(S, junk).ok).toBe(false);
  });
  it('need a secret of at least 32 bytes', () => {
    expect(checkSecret(undefined)).toMatch(/not set/);
    expect(checkSecret('short')).toMatch(/at least 32/);
    expect(checkSecret(S)).toBeUndefined();
  });
  it('durations', () => {
    expect(parseDuration('8h')).toBe(28800);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('2d')).toBe(172800);
    for (const bad of ['', '8', 'h', '0s', '-1h', '1x']) expect(parseDuration(bad)).toBeUndefined();
  });
});

describe('trainees file', () => {
  it('defaults the namespace to the user and keeps the kubeconfig path', () => {
    expect(parseTrainees('- user: alice\n- user: bob\n  namespace: team-b\n  kubeconfig: k/bob.yaml\n', 't.yaml')).toEqual({
      trainees: [
        { user: 'alice', namespace: 'alice', kubeconfig: undefined, index: 0 },
        { user: 'bob', namespace: 'team-b', kubeconfig: 'k/bob.yaml', index: 1 },
      ],
      problems: [],
    });
  });
  it('reports each problem at file:line:column', () => {
    const text = ['- user: alice', '- user: Bob_1', '- namespace: x', '- user: alice', '- user: carol', '  nmespace: c', '- user: dave', '  kubeconfig: ""', '- just-a-string'].join('\n');
    expect(parseTrainees(text, 'trainees.yaml').problems.map(formatProblem)).toEqual([
      'trainees.yaml:2:9: user "Bob_1" is not a DNS label: use lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
      'trainees.yaml:3:3: missing "user": add `user: <name>` (lowercase letters, digits and "-")',
      'trainees.yaml:4:9: user "alice" is listed twice (first as entry 1); remove one',
      'trainees.yaml:6:3: unknown field "nmespace": a trainee has user, namespace (optional) and kubeconfig (optional)',
      'trainees.yaml:8:15: kubeconfig must be a file path (relative to the trainees file), e.g. `kubeconfig: kubeconfigs/alice.yaml`',
      'trainees.yaml:9:3: each trainee is a mapping like `user: alice` (namespace and kubeconfig optional)',
    ]);
  });
  it('reports YAML syntax errors and a non-list with positions', () => {
    expect(parseTrainees('- user: [alice\n', 'a.yaml').problems[0]).toMatchObject({ file: 'a.yaml', line: expect.any(Number), message: expect.stringMatching(/^YAML: /) });
    expect(formatProblem(parseTrainees('user: alice\n', 'b.yaml').problems[0])).toMatch(/^b\.yaml:1:1: expected a list of trainees/);
  });
});

describe('arguments', () => {
  it('serve options with defaults', () => {
    expect(parseGatewayArgs([])).toMatchObject({ ok: true, args: { kind: 'serve', port: 7681, origins: [], maxSessions: 300, maxSessionsPerUser: 3, idleSeconds: 1800, graceSeconds: 60, heartbeatSeconds: 30, uidBase: 20000 } });
    expect(parseGatewayArgs(['--port', '0', '--origin', 'https://a', '--origin', 'https://b', '--grace', '2m', '--uid-base', 'off'])).toMatchObject({
      ok: true,
      args: { port: 0, origins: ['https://a', 'https://b'], graceSeconds: 120, uidBase: null },
    });
  });
  it('accept --flag=value as the manifests in deploy/ write them', () => {
    expect(parseGatewayArgs(['--port=7681', '--trainees=/etc/t.yaml', '--idle-timeout=1h', '--origin=https://a'])).toMatchObject({
      ok: true,
      args: { port: 7681, trainees: '/etc/t.yaml', idleSeconds: 3600, origins: ['https://a'] },
    });
    expect(parseGatewayArgs(['--origin', 'https://a,https://b', '--origin=https://c'])).toMatchObject({ ok: true, args: { origins: ['https://a', 'https://b', 'https://c'] } });
    expect(parseGatewayArgs(['--port='])).toEqual({ ok: false, error: '--port needs a value' });
  });
  it('token and manifests subcommands', () => {
    expect(parseGatewayArgs(['token', '--user', 'u', '--ttl', '30m'])).toEqual({ ok: true, args: { kind: 'token', user: 'u', ttlSeconds: 1800 } });
    expect(parseGatewayArgs(['token', '--user', 'u'])).toEqual({ ok: true, args: { kind: 'token', user: 'u', ttlSeconds: 28800 } });
    expect(parseGatewayArgs(['token', '--trainer', 'tom'])).toEqual({ ok: true, args: { kind: 'token', user: 'tom', ttlSeconds: 28800, trainer: true } });
    expect(parseGatewayArgs(['token', '--trainer', 'tom', '--user', 'u'])).toEqual({ ok: false, error: 'give --user U (a trainee) or --trainer NAME, not both' });
    expect(parseGatewayArgs(['manifests', '--trainees', 't.yaml'])).toEqual({ ok: true, args: { kind: 'manifests', trainees: 't.yaml' } });
    for (const argv of [['--help'], ['token', '--help'], ['manifests', '-h']]) expect(parseGatewayArgs(argv)).toEqual({ ok: true, args: { kind: 'help' } });
  });
  it('clear errors', () => {
    expect(parseGatewayArgs(['--port'])).toEqual({ ok: false, error: '--port needs a value' });
    expect(parseGatewayArgs(['--port', 'x'])).toEqual({ ok: false, error: '--port must be a port number (0 to 65535), got "x"' });
    expect(parseGatewayArgs(['--port', '70000'])).toEqual({ ok: false, error: '--port must be a port number (0 to 65535), got "70000"' });
    expect(parseGatewayArgs(['--max-sessions', '0'])).toEqual({ ok: false, error: '--max-sessions must be an integer ≥ 1, got "0"' });
    expect(parseGatewayArgs(['--uid-base', '10'])).toEqual({ ok: false, error: '--uid-base must be an integer ≥ 1000, got "10"' });
    expect(parseGatewayArgs(['--grace', '5 minutes'])).toMatchObject({ ok: false, error: expect.stringMatching(/duration like/) });
    expect(parseGatewayArgs(['--bogus'])).toEqual({ ok: false, error: 'unknown option "--bogus"' });
    expect(parseGatewayArgs(['--port', '1', 'extra'])).toEqual({ ok: false, error: 'unexpected argument "extra"' });
    expect(parseGatewayArgs(['token'])).toEqual({ ok: false, error: 'kvlab gateway token needs --user U (or --trainer NAME)' });
    expect(parseGatewayArgs(['token', '--user', 'u', '--trainees', 't'])).toEqual({ ok: false, error: 'unknown option "--trainees"' });
    expect(parseGatewayArgs(['manifests', '--out'])).toEqual({ ok: false, error: '--out needs a value' });
    expect(parseGatewayArgs(['tokne'])).toMatchObject({ ok: false, error: expect.stringMatching(/unknown subcommand "tokne"/) });
  });
});

describe('origin check', () => {
  it('same host by default, listed origins, any with *, none for non-browser clients', () => {
    expect(originAllowed(undefined, 'gw:7681', [])).toBe(true);
    expect(originAllowed('http://gw:7681', 'gw:7681', [])).toBe(true);
    expect(originAllowed('http://evil:7681', 'gw:7681', [])).toBe(false);
    expect(originAllowed('https://labs.example.org', 'gw:7681', ['https://labs.example.org'])).toBe(true);
    expect(originAllowed('https://labs.example.org.evil.com', 'gw:7681', ['https://labs.example.org'])).toBe(false);
    expect(originAllowed('http://labs.example.org', 'gw:7681', ['https://labs.example.org'])).toBe(false);
    expect(originAllowed('null', 'gw:7681', [])).toBe(false);
    expect(originAllowed('https://x', 'gw', ['*'])).toBe(true);
  });
});

describe('kubeconfig', () => {
  it("puts the trainee's namespace in the only context, and the source's cluster and user", () => {
    const k = parse(buildKubeconfig({ user: 'a', namespace: 'ns-a', source: { cluster: { server: 'https://c' }, user: { token: 't' } }, defaults: { server: 'https://d' } }));
    expect(k.contexts).toEqual([{ name: 'kvlab', context: { cluster: 'kvlab', user: 'kvlab', namespace: 'ns-a' } }]);
    expect(k.clusters[0].cluster).toEqual({ server: 'https://c' });
    expect(k.users[0].user).toEqual({ token: 't' });
  });
});

describe('the class checker (trainer-class.ts)', () => {
  it('reads a trainee again only when a lab file changed (inode, size, times); results equal a fresh read', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, renameSync, utimesSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { ClassChecker, loadClassLabs } = await import('../../scripts/gateway/trainer-class.ts');
    const loaded = loadClassLabs(join(import.meta.dirname, '..', '..', 'content'), undefined);
    const lab = loaded.labs.find((l) => l.key === '08')!;
    const home = mkdtempSync(join(tmpdir(), 'kvlab-class-'));
    const file = join(home, 'labs/lab08/vm_lab08-probe.yaml');
    mkdirSync(join(home, 'labs/lab08'), { recursive: true });
    // times set in the past: a file changed within the last clock ticks is always read again
    const write = (text: string) => {
      writeFileSync(`${file}.tmp`, text);
      utimesSync(`${file}.tmp`, new Date(Date.now() - 10_000), new Date(Date.now() - 10_000));
      renameSync(`${file}.tmp`, file);
    };
    const checker = new ClassChecker(loaded);
    write('kind: VirtualMachine\n');
    const first = checker.check(lab, home, 'ann');
    // rename changes the file's ctime to now: wait until it is past the racy window
    await new Promise((r) => setTimeout(r, 150));
    checker.check(lab, home, 'ann');
    const reads = checker.reads;
    expect(checker.check(lab, home, 'ann')).toBe(checker.check(lab, home, 'ann'));
    expect(checker.reads).toBe(reads);
    const solution = lab.lab.tasks[1]!.files.find((f) => f.path === 'labs/lab08/vm_lab08-probe.yaml')!.solution;
    write(solution);
    const second = checker.check(lab, home, 'ann');
    expect(checker.reads).toBe(reads + 1);
    expect(second.folder.files['labs/lab08/vm_lab08-probe.yaml']).toBe(solution);
    expect(second.version).not.toBe(first.version);
    expect(second.result).toEqual(new ClassChecker(loaded).check(lab, home, 'ann').result);
  });
});

describe('the file helpers (uid-io.ts), as a trainee uid', () => {
  for (const loop of ['perl', 'sh'] as const) {
    it(`${loop}: writes through a temporary file as the uid, reads back, tells a missing file and a folder apart, caps a read`, async () => {
      const { chownSync, mkdirSync, mkdtempSync, chmodSync, lstatSync, readdirSync, symlinkSync, writeFileSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const { UidIo } = await import('../../scripts/gateway/uid-io.ts');
      const uid = 100_000 + Math.floor(Math.random() * 40_000) * 1000 + 999;
      const state = mkdtempSync(join(tmpdir(), 'kvlab-io-'));
      chmodSync(state, 0o711);
      const home = join(state, 'home');
      mkdirSync(home, { mode: 0o700 });
      chownSync(home, uid, uid);
      const io = new UidIo(state, 16, { loop });
      try {
        expect(io.loop).toBe(loop);
        expect((await io.write('u', uid, home, 'labs/lab08/a.yaml', 'kind: VM\n')).code).toBe(0);
        expect(lstatSync(join(home, 'labs/lab08/a.yaml')).uid).toBe(uid);
        expect(lstatSync(join(home, 'labs/lab08')).uid).toBe(uid);
        expect(readdirSync(join(home, 'labs/lab08'))).toEqual(['a.yaml']); // no temporary left
        const r = await io.read('u', uid, home, 'labs/lab08/a.yaml');
        expect([r.code, r.data?.toString()]).toEqual([0, 'kind: VM\n']);
        expect((await io.read('u', uid, home, 'labs/none.yaml')).code).toBe(3);
        expect((await io.read('u', uid, home, 'labs/lab08')).code).toBe(4);
        expect((await io.write('u', uid, home, 'labs/lab08/big.yaml', 'x'.repeat(40))).code).toBe(0);
        expect((await io.read('u', uid, home, 'labs/lab08/big.yaml')).data?.length).toBe(17); // cap + 1: "too large"
        // a root-only file, through a link the trainee planted: the uid cannot read it
        const secret = join(state, 'root-only');
        writeFileSync(secret, 'root\n', { mode: 0o600 });
        symlinkSync(secret, join(home, 'labs/lab08/link.yaml'));
        const denied = await io.read('u', uid, home, 'labs/lab08/link.yaml');
        expect(denied.code).not.toBe(0);
        expect(denied.data).toBeUndefined();
        expect(io.started).toBe(1);
      } finally {
        io.close();
      }
    });
  }
});
