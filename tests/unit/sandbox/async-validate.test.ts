// kubectl apply with validators that answer later (the lab page asks its validator worker):
// the shell waits for the answer as for a job, the simulated clock stands still meanwhile and
// keystrokes keep their order, so the terminal shows and does what it does with validators that
// answer at once — same messages, same simulated times.
import { describe, expect, it } from 'vitest';
import { validateText } from '../../../validators/index.ts';
import type { ValidateFn } from '../../../sandbox/types.ts';
import { Harness, fixture } from './harness.ts';

/** validateText, answered only when the test lets it (settle) or failing with `fail`. */
function deferred(fail?: string) {
  const waiting: (() => void)[] = [];
  let asked = 0;
  const validate: ValidateFn = (text, opts) => {
    asked++;
    return new Promise((resolve, reject) => waiting.push(() => (fail ? reject(new Error(fail)) : resolve(validateText(text, opts)))));
  };
  return {
    validate,
    get asked() {
      return asked;
    },
    get waiting() {
      return waiting.length;
    },
    /** Answers one question and lets the shell act on it. */
    async answerOne(): Promise<void> {
      waiting.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    },
    /** Answers until nothing waits (a folder asks once per file). */
    async settle(): Promise<void> {
      do {
        while (waiting.length) waiting.shift()!();
        await new Promise((r) => setTimeout(r, 0));
      } while (waiting.length);
    },
  };
}

const SECRET = 'kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml';
const APPLY = 'kubectl apply -f labs/lab08/vm_lab08-probe.yaml';

describe('kubectl apply with validators that answer asynchronously', () => {
  it('prints, stores and times everything as with validators that answer at once', async () => {
    const d = deferred();
    const sync = new Harness();
    const async_ = new Harness({ validate: d.validate });
    sync.files['labs/lab08/unknown.yaml'] = async_.files['labs/lab08/unknown.yaml'] = fixture('task2-vm.yaml').replace('  running: false', '  running: false\n  runing: true');
    const script = [SECRET, APPLY, APPLY, 'kubectl apply -f labs/lab08/unknown.yaml', 'kubectl apply -f labs/lab08/', 'kubectl get vm', 'virtctl start lab08-probe', 'kubectl apply -f labs/lab08/nope.yaml', 'echo $?'];
    for (const line of script) {
      const expected = sync.run(line);
      sync.shell.advance(7);
      async_.shell.input(`${line}\r`);
      // the clock moves while the validators think: it is kept for when the command has answered
      async_.shell.advance(7);
      await d.settle();
      const lines = async_.take().split('\n');
      expect(lines.slice(1, -1).join('\n')).toBe(expected);
      expect(lines[lines.length - 1]).toMatch(/@sandbox:~\$ $/);
    }
    expect(d.asked).toBeGreaterThan(4);
    sync.shell.advance(200);
    async_.shell.advance(200);
    expect(async_.shell.sandbox.now).toBe(sync.shell.sandbox.now);
    expect(async_.shell.sandbox.ops).toEqual(sync.shell.sandbox.ops);
    expect(async_.run('kubectl get vmi lab08-probe -o yaml')).toBe(sync.run('kubectl get vmi lab08-probe -o yaml'));
  });

  it('holds the clock while it waits: the VM is created at the time of Enter, the time is not lost', async () => {
    const d = deferred();
    const h = new Harness({ validate: d.validate });
    h.shell.advance(12);
    h.shell.input(`${APPLY}\r`);
    expect(h.shell.busy).toBe(true);
    h.shell.advance(5);
    h.shell.tick(0.5); // 10x: 5 more simulated seconds
    expect(h.shell.sandbox.now).toBe(12);
    await d.settle();
    expect(h.take()).toContain('virtualmachine.kubevirt.io/lab08-probe created');
    expect(h.shell.busy).toBe(false);
    expect(h.shell.sandbox.now).toBe(22);
    expect(h.shell.sandbox.find('VirtualMachine', 'alice', 'lab08-probe')!.createdAt).toBe(12);
  });

  it('keystrokes and page commands that come meanwhile run after it, in order', async () => {
    const d = deferred();
    const h = new Harness({ validate: d.validate });
    h.shell.input(`${APPLY}\r`);
    h.shell.input('echo one');
    h.shell.input('\r');
    h.shell.run('kubectl get vm');
    h.shell.input('echo tw');
    expect(h.take()).toBe(`${APPLY}\n`); // nothing yet: no echo, no prompt
    await d.settle();
    expect(h.take()).toMatch(
      /^virtualmachine\.kubevirt\.io\/lab08-probe created\nalice@sandbox:~\$ echo one\none\nalice@sandbox:~\$ kubectl get vm\nNAME\s+AGE\s+STATUS\s+READY\nlab08-probe\s+0s\s+Stopped\s+False\nalice@sandbox:~\$ echo tw$/,
    );
    expect(h.shell.history.slice(-3)).toEqual([APPLY, 'echo one', 'kubectl get vm']);
  });

  it('the rest of its line goes on as it would have: && and || by its exit code, no second prompt', async () => {
    const d = deferred();
    const h = new Harness({ validate: d.validate });
    h.shell.input(`${APPLY} && echo yes || echo no; kubectl apply -f nope.yaml && echo never || echo failed\r`);
    await d.settle();
    expect(h.take()).toBe(`${APPLY} && echo yes || echo no; kubectl apply -f nope.yaml && echo never || echo failed\nvirtualmachine.kubevirt.io/lab08-probe created\nyes\nerror: the path "nope.yaml" does not exist\nfailed\nalice@sandbox:~$ `);
  });

  it('a pasted block runs its lines one after the other, each after its prompt', async () => {
    const d = deferred();
    const h = new Harness({ validate: d.validate });
    h.shell.input(`${SECRET}\r${APPLY}\rkubectl get vm\r`);
    await d.settle();
    const out = h.take();
    expect(out).toMatch(/secret\/lab08-cloudinit-probe created\n/);
    expect(out).toMatch(/virtualmachine\.kubevirt\.io\/lab08-probe created\nalice@sandbox:~\$ kubectl get vm\nNAME\s+AGE\s+STATUS\s+READY\nlab08-probe\s+0s\s+Stopped\s+False\nalice@sandbox:~\$ $/);
  });

  it('Ctrl-C while it waits: nothing applied, exit 130, typed-ahead text dropped', async () => {
    const d = deferred();
    const h = new Harness({ validate: d.validate });
    h.shell.input(`${APPLY}\r`);
    h.shell.input('echo lost');
    h.shell.advance(3);
    h.take();
    expect(h.keys('\x03')).toBe('^C\nalice@sandbox:~$ ');
    expect(h.shell.sandbox.now).toBe(3); // the kept time ran when it ended
    await d.settle();
    expect(h.take()).toBe('');
    expect(h.run('echo $?')).toBe('130');
    expect(h.run('kubectl get vm')).toBe('No resources found in alice namespace.');
  });

  it('Ctrl-C between the files of a folder keeps what was applied', async () => {
    const d = deferred();
    const h = new Harness({ validate: d.validate, files: { 'labs/a.yaml': fixture('task2-vm.yaml'), 'labs/b.yaml': fixture('watchdog-vm.yaml') } });
    h.shell.input('kubectl apply -f labs/\r');
    await d.answerOne();
    expect(h.take()).toContain('virtualmachine.kubevirt.io/lab08-probe created');
    expect(d.waiting).toBe(1);
    h.keys('\x03');
    await d.settle();
    expect(h.run('kubectl get vm -o name')).toBe('virtualmachine.kubevirt.io/lab08-probe');
  });

  it('says so when the validators fail, and the shell goes on', async () => {
    const d = deferred('the validator worker could not load');
    const h = new Harness({ validate: d.validate });
    h.shell.input(`${APPLY}\r`);
    await d.settle();
    expect(h.take()).toBe(`${APPLY}\nerror: the sandbox's validators did not answer: the validator worker could not load\nalice@sandbox:~$ `);
    expect(h.run('echo $?')).toBe('1');
  });

  it('a redirect gets what it printed', async () => {
    const d = deferred();
    const h = new Harness({ validate: d.validate });
    h.shell.input(`${APPLY} > applied.txt && cat applied.txt\r`);
    await d.settle();
    expect(h.take()).toBe(`${APPLY} > applied.txt && cat applied.txt\nvirtualmachine.kubevirt.io/lab08-probe created\nalice@sandbox:~$ `);
  });
});
