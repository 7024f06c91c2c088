// Commands the page sends to the sandbox shell ("Run in terminal"): they stop a running watch,
// go into the guest while its console is open, and run one after the other.
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';

describe('commands from the page', () => {
  it('"Run in terminal" while a watch runs stops it first; into the guest while the console is open', () => {
    const h = new Harness();
    h.run('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml');
    h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
    h.run('virtctl start lab08-probe');
    h.shell.input('kubectl get vmi -w\r');
    expect(h.shell.busy).toBe(true);
    h.take();
    h.shell.run('echo from-the-page\n');
    const out = h.take();
    expect(out).toContain('^C');
    expect(out).toMatch(/echo from-the-page\nfrom-the-page\n/);
    expect(h.shell.busy).toBe(false);
    h.shell.advance(120);
    h.shell.run('virtctl console lab08-probe');
    h.shell.advance(1);
    h.shell.run('fedora');
    h.shell.run('kubevirt');
    h.take();
    h.shell.run('sudo systemctl stop httpserver');
    expect(h.take()).toMatch(/^sudo systemctl stop httpserver\n\[fedora@lab08-probe ~\]\$ $/);
    expect(h.shell.sandbox.cluster.events.some((e) => e.type === 'stopped-listening')).toBe(true);
  });

  it('lines of a multi-line block run one after the other, after a foreground command ends', () => {
    const h = new Harness();
    h.shell.run('sleep 5\necho after-sleep');
    expect(h.shell.busy).toBe(true);
    // the second line shows as typed ahead (as a tty echoes it) but has not run yet
    expect(h.take()).not.toMatch(/^after-sleep$/m);
    h.shell.advance(5);
    expect(h.take()).toMatch(/echo after-sleep\nafter-sleep\n[^\n]*@sandbox:~\$ $/);
  });
});
