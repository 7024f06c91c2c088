// Three rules where kvlab used to contradict upstream (issue #14), pinned with exact times. With
// the round timings of helpers.ts a VMI created at t=0 has its pod bound (probe workers start) at
// 1, the compute container started at 5, the domain Running at 7 and the nc listener at 33.
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../../simulator/index.ts';
import { cloudConfig, phases, probes, startCluster, T, times, vmObject } from './helpers.ts';

function withSpec(vm: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const spec = vm.spec as { template: { spec: Record<string, unknown> } };
  Object.assign(spec.template.spec, extra);
  return vm;
}

function cluster(vm: Record<string, unknown>, start = false): SimCluster {
  const c = new SimCluster({ timings: T });
  c.apply({ kind: 'Secret', metadata: { name: 'ud', namespace: 'ns' }, stringData: { userdata: cloudConfig() } });
  c.apply(vm);
  if (start) c.virtctl('start', 'ns', 'vm');
  return c;
}

describe('a liveness kill is a graceful shutdown (virt-launcher MarkGracefulShutdownVMI, virt-handler ACPI)', () => {
  it('a guest that honours ACPI shuts down: the VMI Succeeds, and RerunOnFailure does not restart it', () => {
    // nothing listens on 9999: failures 21, 31, 41 → kill 41 → SIGTERM handled at 43 (containerKill)
    // → ACPI shutdown → the guest is off 5 s later (gracefulStop) → Succeeded at 48
    const c = cluster(vmObject({ runStrategy: 'RerunOnFailure', liveness: { tcpSocket: { port: 9999 }, periodSeconds: 10 } }));
    c.runUntil(120);
    expect(times(c.events, (e) => e.type === 'kill')).toEqual([41]);
    expect(c.events.find((e) => e.type === 'graceful-shutdown')).toMatchObject({ t: 43, source: 'vmi' });
    expect(phases(c.events).slice(4)).toEqual(['48:Succeeded']);
    expect(c.restarts('ns', 'vm')).toBe(0);
  });

  it('a guest that ignores ACPI (hung) is destroyed after terminationGracePeriodSeconds (default 30): Failed, and RerunOnFailure restarts it', () => {
    // guestAgentPing on a guest hung at 35: failures 44, 54, 64 (timeout 1 + 1) → kill 64 → ACPI at 66 → destroyed at 96
    const c = cluster(vmObject({ runStrategy: 'RerunOnFailure', liveness: { guestAgentPing: {}, periodSeconds: 10 } }));
    c.at(35, () => c.guestAction('ns', 'vm', { action: 'hang-guest' }));
    c.runUntil(100);
    const kill = times(c.events, (e) => e.type === 'kill')[0]!;
    expect(phases(c.events)).toContain(`${kill + T.containerKill! + 30}:Failed`);
    expect(phases(c.events).filter((p) => p.endsWith('Succeeded'))).toEqual([]);
    expect(c.restarts('ns', 'vm')).toBe(1);
  });

  it('the grace period is the VMI\'s terminationGracePeriodSeconds', () => {
    const c = cluster(withSpec(vmObject({ runStrategy: 'RerunOnFailure', liveness: { guestAgentPing: {}, periodSeconds: 10 } }), { terminationGracePeriodSeconds: 12 }));
    c.at(35, () => c.guestAction('ns', 'vm', { action: 'hang-guest' }));
    c.runUntil(100);
    const kill = times(c.events, (e) => e.type === 'kill')[0]!;
    expect(phases(c.events)).toContain(`${kill + T.containerKill! + 12}:Failed`);
  });
});

describe('a hung guest\'s stop or restart waits terminationGracePeriodSeconds, then destroys the domain (Failed)', () => {
  it('virtctl stop: 30 s by default, not 180', () => {
    const c = startCluster(vmObject());
    c.at(20, () => c.guestAction('ns', 'vm', { action: 'hang-guest' }));
    c.at(30, () => c.virtctl('stop', 'ns', 'vm'));
    c.runUntil(300);
    expect(phases(c.events).slice(4)).toEqual(['60:Failed']);
    expect(c.restarts('ns', 'vm')).toBe(0);
  });

  it('virtctl restart --force sets the grace period to 1 s; the VM starts a new VMI', () => {
    const c = startCluster(vmObject());
    c.at(20, () => c.guestAction('ns', 'vm', { action: 'hang-guest' }));
    c.at(30, () => c.virtctl('restart', 'ns', 'vm', { force: true }));
    c.runUntil(40);
    expect(phases(c.events).slice(4, 6)).toEqual(['31:Failed', '32:Pending']);
  });

  it('virtctl stop --force --grace-period=0 destroys at once; a VMI\'s own terminationGracePeriodSeconds counts otherwise', () => {
    const c = startCluster(vmObject());
    c.at(20, () => c.guestAction('ns', 'vm', { action: 'hang-guest' }));
    c.at(30, () => c.virtctl('stop', 'ns', 'vm', { force: true, gracePeriod: 0 }));
    c.runUntil(40);
    expect(phases(c.events).slice(4)).toEqual(['30:Failed']);
    const d = startCluster(withSpec(vmObject(), { terminationGracePeriodSeconds: 7 }));
    d.at(20, () => d.guestAction('ns', 'vm', { action: 'hang-guest' }));
    d.at(30, () => d.virtctl('stop', 'ns', 'vm'));
    d.runUntil(60);
    expect(phases(d.events).slice(4)).toEqual(['37:Failed']);
  });

  it('a guest that honours ACPI still stops gracefully: Succeeded after the shutdown time', () => {
    const c = startCluster(vmObject());
    c.at(30, () => c.virtctl('stop', 'ns', 'vm'));
    c.runUntil(60);
    expect(phases(c.events).slice(4)).toEqual(['35:Succeeded']);
  });
});

describe('the kubelet triggers a readiness probe at once when the container starts and when readiness changes (prober_manager UpdatePodStatus, worker.go probeTicker.Reset)', () => {
  it('container start at 5 runs the readiness worker and resets its ticker: probes at 15, 25, … (not 21, 31, …)', () => {
    const c = startCluster(vmObject({ readiness: { tcpSocket: { port: 8081 }, periodSeconds: 10, successThreshold: 3 } }));
    c.runUntil(70);
    expect(times(probes(c.events, 'readiness'), () => true)).toEqual([15, 25, 35, 45, 55, 65]);
    // listener up at 33: successes 35, 45, 55 → Ready at 55
    expect(c.events.filter((e) => e.type === 'condition').map((e) => `${e.t}:${String(e.detail.status)}`)).toEqual(['55:True']);
  });

  it('liveness is not triggered: its ticks still count from the worker start', () => {
    const c = startCluster(vmObject({ liveness: { tcpSocket: { port: 8081 }, periodSeconds: 10 } }));
    c.runUntil(45);
    expect(times(probes(c.events, 'liveness'), () => true)).toEqual([21, 31, 41]);
  });

  it('readiness turning Failure probes again at once and restarts the period from there', () => {
    // ticks 15 + 10k; hung at 60: probes at 65, 75, 85 time out 3 s later; the third failure is
    // stored at 88 → an immediate probe 88 → 91, the ticker reset at 88 → next probe 98 → 101
    const c = startCluster(vmObject({ readiness: { tcpSocket: { port: 8081 }, periodSeconds: 10, timeoutSeconds: 3 } }));
    c.at(60, () => c.guestAction('ns', 'vm', { action: 'hang-guest' }));
    c.runUntil(115);
    expect(times(probes(c.events, 'readiness'), (e) => e.t > 60)).toEqual([68, 78, 88, 91, 101, 111]);
    expect(c.events.filter((e) => e.type === 'condition').map((e) => `${e.t}:${String(e.detail.status)}`)).toEqual(['35:True', '88:False']);
  });
});
