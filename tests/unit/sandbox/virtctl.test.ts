import { describe, expect, it } from 'vitest';
import { execProbe } from '../../../simulator/exec-probe.ts';
import { Harness } from './harness.ts';

function probeVm(h: Harness): void {
  h.run('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml');
  h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
}

describe('virtctl start/stop/restart', () => {
  it('prints virtctl messages and errors', () => {
    const h = new Harness();
    expect(h.run('virtctl start nope')).toBe('Error starting VirtualMachine virtualmachine.kubevirt.io "nope" not found');
    probeVm(h);
    expect(h.run('virtctl stop lab08-probe')).toBe('Error stopping VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "lab08-probe": VM is not running');
    expect(h.run('virtctl start lab08-probe --namespace=$USER')).toBe('VM lab08-probe was scheduled to start');
    expect(h.run('virtctl start lab08-probe')).toBe('Error starting VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "lab08-probe": VM is already running');
    h.shell.advance(30);
    expect(h.run('virtctl restart lab08-probe')).toBe('VM lab08-probe was scheduled to restart');
    h.shell.advance(30);
    expect(h.run('virtctl stop lab08-probe')).toBe('VM lab08-probe was scheduled to stop');
    h.shell.advance(30);
    expect(h.run('kubectl get vm')).toMatch(/lab08-probe\s+\S+\s+Stopped\s+False$/);
    expect(h.run('virtctl start lab08-probe -n bob')).toContain('is forbidden: User "system:serviceaccount:alice:alice"');
    expect(h.run('virtctl frobnicate x')).toContain('Error: unknown command "frobnicate" for "virtctl"');
    expect(h.run('virtctl start')).toContain('Error: argument validation failed');
  });
});

describe('virtctl console', () => {
  it('refuses a VM that does not run', () => {
    const h = new Harness();
    expect(h.run('virtctl console nope')).toContain('virtualmachineinstance.kubevirt.io "nope" not found');
    probeVm(h);
    expect(h.run('virtctl console lab08-probe')).toContain('VMI is not running');
  });

  it('shows the boot, logs in with the cloud-init password, runs in-guest commands, Ctrl-] leaves', () => {
    const h = new Harness();
    probeVm(h);
    h.run('virtctl start lab08-probe');
    h.shell.input('virtctl console lab08-probe\r');
    expect(h.take()).toContain('Waiting for the VMI lab08-probe to be running');
    h.shell.advance(120);
    const boot = h.take();
    expect(boot).toContain('Successfully connected to lab08-probe console. The escape sequence is ^]');
    expect(boot).toContain('Linux version');
    expect(boot).toContain('listening on port 8081');
    expect(boot.split("\n").filter((l) => l.includes("login:"))).toEqual(["lab08-probe login: "]);
    expect(boot.indexOf("listening on port 8081")).toBeGreaterThan(boot.indexOf("Linux version"));
    h.keys('fedora\r');
    expect(h.keys('wrong\r')).toContain('Login incorrect');
    h.keys('fedora\r');
    expect(h.keys('kubevirt\r')).toContain('[fedora@lab08-probe ~]$ ');
    expect(h.keys('curl localhost:8081\r')).toContain('Hello World!');
    h.keys('sudo systemctl stop httpserver\r');
    expect(h.shell.sandbox.cluster.events.some((e) => e.source === 'guest' && e.type === 'stopped-listening' && e.detail.port === 8081)).toBe(true);
    expect(h.keys('curl localhost:8081\r')).toContain('Failed to connect to localhost port 8081');
    // Ctrl-C goes to the guest, Ctrl-] leaves
    h.keys('\x03');
    expect(h.shell.busy).toBe(true);
    h.keys('\x1d');
    expect(h.shell.busy).toBe(false);
    expect(h.run('echo back')).toBe('back');
  });

  it('answers service queries with the exec probes\' model of the guest (systemctl is-active, nc -z, &&, ||)', () => {
    const h = new Harness();
    probeVm(h);
    h.run('virtctl start lab08-probe');
    h.shell.input('virtctl console lab08-probe\r');
    h.shell.advance(120);
    h.take();
    h.keys('fedora\r');
    h.keys('kubevirt\r');
    const guest = () => h.shell.sandbox.cluster.vmi('alice', 'lab08-probe')!.guest;
    // what the console prints after the echoed line, up to the next prompt
    const ask = (line: string) => h.keys(`${line}\r`).split('\n').slice(1, -1).join('\n');
    const probe = (line: string) => execProbe(['sh', '-c', line], guest());
    for (const line of ['systemctl is-active httpserver', 'sudo systemctl is-active --quiet httpserver && echo up', 'nc -z localhost 8081 && echo open']) {
      expect(ask(line), line).not.toMatch(/not simulated/);
    }
    expect(ask('systemctl is-active httpserver')).toBe('active');
    expect(probe('systemctl is-active httpserver')).toMatchObject({ exit: 0 });
    expect(ask('curl localhost:8081')).toBe('Hello World!');
    h.keys('sudo systemctl stop httpserver\r');
    expect(ask('systemctl is-active httpserver')).toBe('inactive');
    expect(probe('systemctl is-active httpserver')).toMatchObject({ exit: 3 });
    expect(ask('systemctl is-active -q httpserver || curl -f localhost:8081')).toBe("curl: (7) Failed to connect to localhost port 8081 after 0 ms: Couldn't connect to server");
    // a probe's command and the same line at the console give the same answer
    for (const line of ['curl -f localhost:8081', 'nc -z localhost 8081', 'pgrep nc', 'true && false']) {
      const r = probe(line);
      expect('exit' in r, line).toBe(true);
      expect(ask(line), line).toBe((r as { output: string }).output.replace(/\n$/, ''));
    }
    h.keys('\x1d');
  });

  it('the watchdog command arms the device; without heartbeats the VMI is powered off', () => {
    const h = new Harness();
    h.run('kubectl create secret generic lab08-cloudinit-watchdog --from-file=userdata=labs/lab08/cloudinit-watchdog.yaml');
    h.run('kubectl apply -f labs/lab08/vm_lab08-watchdog.yaml');
    h.run('virtctl start lab08-watchdog');
    h.shell.advance(150);
    h.shell.input('virtctl console lab08-watchdog\r');
    h.shell.advance(1);
    h.keys('fedora\r');
    h.keys('kubevirt\r');
    h.keys('sudo busybox watchdog -t 2000ms -T 10000ms /dev/watchdog\r');
    const armed = h.shell.sandbox.cluster.events.find((e) => e.source === 'watchdog' && e.type === 'armed');
    expect(armed?.detail).toMatchObject({ interval: 2, timeout: 10 });
    expect(h.keys('sudo pkill watchdog\r')).toContain('magic close received');
    h.shell.advance(20);
    expect(h.shell.sandbox.cluster.events.some((e) => e.source === 'watchdog' && e.type === 'fired')).toBe(false);
    h.keys('sudo pkill -9 watchdog\r');
    h.shell.advance(20);
    const out = h.take();
    expect(out).toContain('You were disconnected from the console');
    expect(h.shell.busy).toBe(false);
    expect(h.shell.sandbox.cluster.events.some((e) => e.source === 'watchdog' && e.type === 'fired')).toBe(true);
  });
});

describe('virtctl stop/restart --force --grace-period', () => {
  it('needs both flags, as virtctl does; a forced stop of a hung guest destroys it at once (VMI Failed)', () => {
    const h = new Harness();
    probeVm(h);
    h.run('virtctl start lab08-probe');
    h.shell.advance(60);
    expect(h.run('virtctl stop lab08-probe --force')).toBe('Error: Must both use --force=true and set --grace-period.');
    expect(h.run('virtctl restart lab08-probe --grace-period=0')).toBe('Error: Must both use --force=true and set --grace-period.');
    h.shell.sandbox.guest('alice', 'lab08-probe', { action: 'hang-guest' });
    expect(h.run('virtctl stop lab08-probe --force --grace-period=0')).toBe('VM lab08-probe was scheduled to stop');
    h.shell.advance(1);
    expect(h.shell.sandbox.cluster.events.filter((e) => e.source === 'vmi' && e.type === 'phase').at(-1)?.detail.phase).toBe('Failed');
    // the log replays the forced stop
    const again = new Harness({ state: h.shell.snapshot() });
    expect(again.shell.sandbox.cluster.events.filter((e) => e.source === 'vmi' && e.type === 'phase').at(-1)?.detail.phase).toBe('Failed');
  });
});
