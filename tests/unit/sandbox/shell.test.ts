import { describe, expect, it } from 'vitest';
import { simulate } from '../../../simulator/simulate.ts';
import { humanDuration } from '../../../sandbox/format.ts';
import { parseList, tokenize } from '../../../sandbox/words.ts';
import { Harness, fixture, plain } from './harness.ts';

describe('shell builtins', () => {
  it('files: ls, cat, cd, pwd, mkdir, echo with $USER, redirection', () => {
    const h = new Harness();
    expect(h.run('pwd')).toBe('/home/alice');
    expect(h.run('ls')).toBe('labs');
    expect(h.run('ls labs/lab08')).toBe('cloudinit-probe.yaml  cloudinit-watchdog.yaml  vm_lab08-probe.yaml  vm_lab08-watchdog.yaml');
    expect(h.run('cat labs/lab08/cloudinit-probe.yaml')).toBe(fixture('cloudinit-probe.yaml').replace(/\n$/, ''));
    expect(h.run('cat nope.yaml')).toBe('cat: nope.yaml: No such file or directory');
    expect(h.run('cd labs/lab08 && pwd')).toBe('/home/alice/labs/lab08');
    expect(h.keys('')).toBe('');
    expect(h.run('cd ../.. ; pwd')).toBe('/home/alice');
    expect(h.run('cd nowhere')).toBe('bash: cd: nowhere: No such file or directory');
    expect(h.run('mkdir work && cd work && echo "hi $USER" > note.txt && cat note.txt')).toBe('hi alice');
    expect(h.run("echo '$USER' ${USER}x $NOPE.")).toBe('$USER alicex .');
    expect(h.run('mkdir a/b/c')).toBe("mkdir: cannot create directory 'a/b/c': No such file or directory");
    expect(h.run('mkdir -p a/b/c && ls a/b')).toBe('c');
    expect(h.run('ls -l ~/work')).toMatch(/^drwxr-xr-x 1 alice alice\s+4096 a\n-rw-r--r-- 1 alice alice\s+9 note.txt$/);
    expect(h.run('false || echo fallback')).toBe('fallback');
    expect(h.run('false && echo never')).toBe('');
    expect(h.run('echo $?')).toBe('1');
    expect(h.run('frob')).toBe('bash: frob: command not found');
    expect(h.run('vi x.yaml')).toContain("edit the lab files in the page's editors");
    expect(h.run('echo "unclosed')).toContain('unexpected EOF while looking for matching');
    expect(h.run('kubectl get vm | grep x')).toBe('No resources found in alice namespace.');
    expect(h.shell.exitCode).toBe(1); // grep's: nothing matched (kubectl's note is stderr, not piped)
    expect(h.run('sleep 5 &')).toContain('background jobs (&) are not available in the sandbox shell');
  });

  it('env, export, history, speed, sleep, date', () => {
    const h = new Harness();
    expect(h.run('export NS=$USER')).toBe('');
    expect(h.run('echo $NS')).toBe('alice');
    expect(h.run('env')).toContain('USER=alice');
    expect(h.run('history')).toBe('    1  export NS=$USER\n    2  echo $NS\n    3  env\n    4  history');
    expect(h.run('speed')).toBe('simulated time runs 10x real time (speed N sets it, 1 to 600)');
    expect(h.run('speed 60')).toBe('simulated time now runs 60x real time');
    expect(h.run('speed 0')).toContain('is not a speed between 1 and 600');
    h.shell.input('sleep 30\r');
    expect(h.shell.busy).toBe(true);
    h.shell.tick(0.25); // 15 simulated seconds at 60x
    expect(h.shell.busy).toBe(true);
    h.shell.tick(0.25);
    expect(h.shell.busy).toBe(false);
    expect(h.shell.sandbox.now).toBe(30);
    expect(h.run('date')).toContain('(simulated time 0:30)');
  });
});

describe('line editing', () => {
  it('left/right, home/end, backspace, Ctrl-U, Ctrl-C', () => {
    const h = new Harness();
    h.keys('eho hi');
    h.keys('\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D'); // cursor after "e"
    h.keys('c');
    h.keys('\x1b[F!');
    expect(h.run('')).toBe('hi!');
    h.keys('xecho home');
    h.keys('\x1b[H\x1b[3~'); // Home, Delete
    expect(h.run('')).toBe('home');
    h.keys('echo abcd\x7f\x7f');
    expect(h.run('')).toBe('ab');
    h.keys('garbage\x15echo cleared');
    expect(h.run('')).toBe('cleared');
    expect(h.keys('echo never\x03')).toContain('^C');
    expect(h.shell.history).not.toContain('echo never');
  });

  it('up/down walk the history', () => {
    const h = new Harness();
    h.run('echo one');
    h.run('echo two');
    h.keys('\x1b[A\x1b[A');
    expect(h.run('')).toBe('one');
    h.keys('\x1b[A\x1b[A\x1b[B');
    // history is now one, two, one: up, up reaches "echo two", down comes back to "echo one"
    expect(h.run('')).toBe('one');
    h.keys('draft\x1b[A\x1b[B');
    expect(h.run('')).toBe('bash: draft: command not found');
  });

  it('tab completes commands, kubectl verbs, resource types and paths', () => {
    const h = new Harness();
    h.keys('kubec\t');
    h.keys('ap\t');
    h.keys('-f la\t');
    h.keys('lab08/vm_lab08-p\t');
    expect(plain(h.keys('')).length).toBe(0);
    expect(h.shell.history.length).toBe(0);
    const out = h.run('');
    expect(out).toBe('virtualmachine.kubevirt.io/lab08-probe created');
    expect(h.shell.history[0]).toBe('kubectl apply -f labs/lab08/vm_lab08-probe.yaml ');
    h.keys('kubectl get v\t');
    expect(h.keys('\t')).toContain('vm  vmi');
    h.keys('\x03');
    h.keys('kubectl create secret generic s --from-file=userdata=labs/lab08/cloudinit-p\t');
    expect(h.run('')).toBe('secret/s created');
  });
});

describe('saved state', () => {
  it('a restored shell has the same history, folder, files and cluster at the same time', () => {
    const h = new Harness();
    h.run('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml');
    h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
    h.run('virtctl start lab08-probe');
    h.run('mkdir notes && cd notes && echo kept > a.txt');
    h.shell.advance(95.5);
    const before = h.run('kubectl get vmi');
    const state = JSON.parse(JSON.stringify(h.shell.snapshot()));
    const again = new Harness({ state, files: h.files });
    expect(again.run('pwd')).toBe('/home/alice/notes');
    expect(again.run('cat a.txt')).toBe('kept');
    expect(again.shell.history.slice(0, 4)).toEqual(h.shell.history.slice(0, 4));
    expect(again.shell.sandbox.now).toBe(95.5);
    expect(again.run('kubectl get vmi')).toBe(before);
    // and both go on the same way
    h.shell.advance(120);
    again.shell.advance(120);
    expect(again.run('kubectl get vmi')).toBe(h.run('kubectl get vmi'));
  });

  it('a damaged saved state starts a fresh sandbox without throwing', () => {
    const h = new Harness({ state: { version: 1, user: 'alice', cwd: '/nope', env: {}, history: [42 as unknown as string, 'ok'], speed: -3, epochMs: 0, sandbox: { seed: 1, now: 10, ops: [{ t: 0, op: 'apply', obj: {} } as never] }, vfs: { dirs: [], files: {} }, synced: {} } });
    expect(h.run('pwd')).toBe('/home/alice');
    expect(h.shell.history).toEqual(['ok', 'pwd']);
    expect(h.shell.speed).toBe(10);
  });

  it('an edit in the editor replaces the file; a shell edit stays while the editor does not change it', () => {
    const h = new Harness();
    h.run('echo shell > labs/lab08/cloudinit-probe.yaml');
    expect(h.run('cat labs/lab08/cloudinit-probe.yaml')).toBe('shell');
    h.files['labs/lab08/cloudinit-probe.yaml'] = '#cloud-config\n';
    expect(h.run('cat labs/lab08/cloudinit-probe.yaml')).toBe('#cloud-config');
  });
});

describe('the probes lab in the sandbox', () => {
  it('the VMI reaches Running and READY True when simulate() says it does', () => {
    const h = new Harness();
    const vm = fixture('task2-vm.yaml');
    const predicted = simulate({ vm, userData: fixture('cloudinit-probe.yaml'), until: 400 }).summary;
    expect(predicted.readyAt).toBeGreaterThan(120);
    h.run('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml --namespace=$USER');
    h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml --namespace=$USER');
    h.run('virtctl start lab08-probe --namespace=$USER');
    const started = h.shell.sandbox.now;
    h.shell.input('kubectl get vmi -w --namespace=$USER\r');
    h.shell.advance(400);
    h.keys('\x03');
    const events = h.shell.sandbox.cluster.events;
    const running = events.find((e) => e.source === 'vmi' && e.type === 'phase' && e.detail.phase === 'Running')!;
    const ready = events.find((e) => e.source === 'vmi' && e.type === 'condition' && e.detail.status === 'True')!;
    expect(running.t - started).toBe(predicted.runningAt);
    expect(ready.t - started).toBe(predicted.readyAt);
    // and the watch printed READY True with the age the VMI had then (1 s steps)
    const rows = h.raw.split('\r\n').map(plain).filter((l) => /^lab08-probe\s/.test(l));
    const readyRow = rows.find((r) => r.endsWith('True'))!;
    expect(readyRow.split(/\s+/)[1]).toBe(humanDuration(Math.ceil(predicted.readyAt! - 1e-9)));
  });
});

describe('a command line after a foreground command', () => {
  it('runs the rest of the line when sleep ends, without a prompt or an echo (as bash); Ctrl-C drops it', () => {
    const h = new Harness({ files: {} });
    h.keys('sleep 2; echo after && echo more\r');
    h.shell.advance(3);
    expect(h.take()).toBe('after\nmore\nalice@sandbox:~$ ');
    h.keys('sleep 5; echo never\r');
    h.shell.advance(1);
    expect(h.keys('\x03')).toBe('^C\nalice@sandbox:~$ ');
    h.shell.advance(10);
    expect(h.take()).toBe('');
  });
});

describe('words', () => {
  it('splits ;, &&, || and redirections; refuses a dangling operator', () => {
    const items = parseList(tokenize('a "b c" && d > f; e || g >> h', {}));
    expect(items.map((i) => [i.join, i.pipeline[0]!.argv.join(' '), i.pipeline[0]!.redirect?.path ?? ''])).toEqual([
      [';', 'a b c', ''],
      ['&&', 'd', 'f'],
      [';', 'e', ''],
      ['||', 'g', 'h'],
    ]);
    expect(() => parseList(tokenize('a &&', {}))).toThrow("syntax error near unexpected token `newline'");
    expect(() => parseList(tokenize('&& a', {}))).toThrow('syntax error near unexpected token `&&');
  });
  it('formats ages as kubectl does', () => {
    expect([5, 119, 120, 152, 600, 10799, 10800, 28800, 200000].map(humanDuration)).toEqual(['5s', '119s', '2m', '2m32s', '10m', '179m', '3h', '8h', '2d7h']);
  });
});
