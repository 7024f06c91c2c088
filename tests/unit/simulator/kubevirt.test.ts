// KubeVirt's side: the VM controller (run strategies, restart, start backoff), VMI phases,
// watchdog actions, guest agent probes, masquerade forwarding, endpoints.
import { describe, expect, it } from 'vitest';
import { mulberry32, intn } from '../../../simulator/prng.ts';
import { SimCluster, simulate, startBackoff } from '../../../simulator/index.ts';
import { vmModel } from '../../../simulator/vm-model.ts';
import { validateText } from '../../../validators/index.ts';
import { cloudConfig, fixture, phases, probes, startCluster, T, times, vmObject } from './helpers.ts';

const busybox = `#cloud-config
bootcmd:
  - ["sudo", "dnf", "install", "-y", "busybox"]
`;

describe('VM controller and VMI lifecycle', () => {
  it('goes Pending → Scheduling → Scheduled → Running with the named timings', () => {
    const c = startCluster(vmObject());
    c.runUntil(20);
    expect(phases(c.events)).toEqual(['0:Pending', '1:Scheduling', '5:Scheduled', '7:Running']);
  });

  it('liveness failure: the SIGTERM shuts the guest down (VMI Succeeded) and the VM (running: true after virtctl start) starts a new one without backoff', () => {
    const c = startCluster(vmObject({ liveness: { tcpSocket: { port: 8081 }, periodSeconds: 10 } }));
    c.at(50, () => c.guestAction('ns', 'vm', { action: 'stop-server', port: 8081 }));
    c.runUntil(120);
    // failures 51, 61, 71 → kill 71 → ACPI shutdown 73 → Succeeded 78 → new VMI 79 (runStrategy Always)
    expect(times(c.events, (e) => e.type === 'kill')).toEqual([71]);
    expect(phases(c.events).slice(4)).toEqual(['78:Succeeded', '79:Pending', '80:Scheduling', '84:Scheduled', '86:Running']);
    expect(c.events.find((e) => e.type === 'restart')).toMatchObject({ t: 79, source: 'vm', detail: { reason: 'liveness probe failed', count: 1 } });
    expect(c.events.some((e) => e.type === 'backoff')).toBe(false);
    // the new guest runs cloud-init again: the server is back, liveness succeeds
    expect(probes(c.events, 'liveness').at(-1)?.detail.result).toBe('success');
  });

  it('after a liveness kill of a guest that honours ACPI (VMI Succeeded) Always restarts, RerunOnFailure and Manual do not', () => {
    for (const [strategy, restarts] of [['Always', 1], ['RerunOnFailure', 0], ['Manual', 0]] as const) {
      const c = new SimCluster({ timings: T });
      c.apply({ kind: 'Secret', metadata: { name: 'ud', namespace: 'ns' }, stringData: { userdata: cloudConfig() } });
      c.apply(vmObject({ runStrategy: strategy, liveness: { tcpSocket: { port: 9999 }, periodSeconds: 10 } }));
      if (strategy === 'Manual') c.virtctl('start', 'ns', 'vm');
      c.runUntil(60);
      expect(c.restarts('ns', 'vm')).toBe(restarts);
    }
  });

  it('start backoff only for VMIs failing before Running: max(10, 300/30) × n² plus up to half, capped at 300', () => {
    const rand = mulberry32(7);
    const copy = mulberry32(7);
    const expected = [1, 2, 3, 4, 5, 6].map((n) => Math.min(300, 10 * n * n + intn(copy, Math.floor((10 * n * n) / 2) + 1)));
    expect([1, 2, 3, 4, 5, 6].map((n) => startBackoff(n, rand))).toEqual(expected);
    expect(expected[5]).toBe(300);
    for (let n = 1; n <= 5; n++) {
      const b = startBackoff(n, mulberry32(n));
      expect(b).toBeGreaterThanOrEqual(Math.min(300, 10 * n * n));
      expect(b).toBeLessThanOrEqual(Math.min(300, 15 * n * n + 1));
    }
  });

  it('virtctl stop ends the VMI as Succeeded and nothing restarts; start on a running VM is refused', () => {
    const c = startCluster(vmObject());
    c.runUntil(30);
    expect(c.virtctl('start', 'ns', 'vm').ok).toBe(false);
    c.virtctl('stop', 'ns', 'vm');
    c.runUntil(100);
    expect(phases(c.events).at(-1)).toBe('35:Succeeded');
    expect(c.restarts('ns', 'vm')).toBe(0);
    expect(c.get('vm', 'ns')[0]).toMatchObject({ status: 'Stopped' });
  });

  it('virtctl restart (scenario action) replaces the VMI', () => {
    const c = startCluster(vmObject());
    c.at(30, () => c.guestAction('ns', 'vm', { action: 'restart' }));
    c.runUntil(60);
    expect(phases(c.events)).toContain('35:Succeeded');
    expect(c.events.find((e) => e.type === 'restart')).toMatchObject({ t: 36, detail: { reason: 'virtctl restart' } });
  });

  it('a start-stage error: the VMI stays Pending, the launcher pod is never created', () => {
    const c = new SimCluster({ timings: T });
    c.apply(vmObject(), { startErrors: ['Error creating pod: spec.containers[0].livenessProbe.httpGet.port: Invalid value: "8081"'] });
    c.virtctl('start', 'ns', 'vm');
    c.runUntil(600);
    expect(phases(c.events)).toEqual(['0:Pending']);
    expect(c.events.find((e) => e.type === 'start-error')?.detail.message).toMatch(/Invalid value/);
  });

  it('a missing cloud-init Secret keeps the launcher pod from starting (VMI Scheduling), as the cluster does', () => {
    const c = startCluster(vmObject(), null);
    c.runUntil(300);
    expect(phases(c.events)).toEqual(['0:Pending', '1:Scheduling']);
    expect(c.events.find((e) => e.type === 'start-error')?.detail.message).toMatch(/secret "ud" not found/);
  });

  it('kubectl get vmi shows phase, IP, node and READY; the same seed gives the same cluster', () => {
    const a = startCluster(vmObject(), cloudConfig(), 42);
    const b = startCluster(vmObject(), cloudConfig(), 42);
    a.runUntil(152);
    b.runUntil(152);
    const row = a.get('vmi', 'ns')[0]!;
    expect(row).toMatchObject({ name: 'vm', age: 152, phase: 'Running', ready: true });
    expect(row).toEqual(b.get('vmi', 'ns')[0]);
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
  });
});

describe('probes through KubeVirt', () => {
  it('masquerade with ports listed forwards only those: a probe on another port is refused', () => {
    const c = startCluster(vmObject({ readiness: { tcpSocket: { port: 8081 }, periodSeconds: 10 }, ports: [22] }));
    c.runUntil(60);
    expect(probes(c.events, 'readiness').every((e) => e.detail.result === 'failure')).toBe(true);
    expect(String(probes(c.events, 'readiness')[0]?.detail.message)).toMatch(/forwards only ports 22/);
  });

  it('guestAgentPing succeeds once the agent runs; removing the agent fails liveness and restarts the VMI', () => {
    const c = startCluster(vmObject({ liveness: { guestAgentPing: {}, periodSeconds: 10 } }));
    c.at(40, () => c.guestAction('ns', 'vm', { action: 'remove-guest-agent' }));
    c.runUntil(80);
    // agent up at 17; probes 21, 31 succeed; 41, 51, 61 fail → kill 61
    expect(probes(c.events, 'liveness').slice(0, 5).map((e) => `${e.t}:${String(e.detail.result)}`)).toEqual(['21:success', '31:success', '41:failure', '51:failure', '61:failure']);
    expect(times(c.events, (e) => e.type === 'kill')).toEqual([61]);
  });

  it('guestAgentPing on a hung guest: virt-probe gives up after the VMI timeout (the pod probe allows one second more)', () => {
    const c = startCluster(vmObject({ liveness: { guestAgentPing: {}, periodSeconds: 10, timeoutSeconds: 3 } }));
    c.at(35, () => c.guestAction('ns', 'vm', { action: 'hang-guest' }));
    c.runUntil(60);
    expect(probes(c.events, 'liveness').filter((e) => e.t > 35).map((e) => `${e.t}:${String(e.detail.result)}`)).toEqual(['44:failure', '54:failure']);
  });

  it('readiness follows the server and the endpoints follow readiness', () => {
    const c = startCluster(vmObject({ readiness: { httpGet: { port: 8081 }, periodSeconds: 5, failureThreshold: 2 } }));
    c.at(50, () => c.guestAction('ns', 'vm', { action: 'stop-server', port: 8081 }));
    c.at(80, () => c.guestAction('ns', 'vm', { action: 'start-server', port: 8081 }));
    c.runUntil(100);
    const ep = c.events.filter((e) => e.source === 'endpoints').map((e) => `${e.t}:${e.type}`);
    // ticks from the container start, 5 + 5k: successes from 35; failures 50, 55 → removed 55
    // (an immediate probe then, the ticker reset); success 80 → added 80
    expect(ep).toEqual(['35:added', '55:removed', '80:added']);
  });
});

describe('watchdog (i6300esb)', () => {
  const feed = (c: SimCluster, at: number, stop: number) => {
    c.at(at, () => c.guestAction('ns', 'vm', { action: 'start-watchdog-feeder', interval: 2, timeout: 10 }));
    c.at(stop, () => c.guestAction('ns', 'vm', { action: 'stop-watchdog-feeder' }));
  };

  it('poweroff: fires timeout seconds after the last heartbeat, the VMI ends Failed, the VM starts a new one', () => {
    const c = startCluster(vmObject({ watchdog: 'poweroff' }), busybox);
    feed(c, 50, 100);
    c.runUntil(130);
    // heartbeats 50, 52, …, 98 (the one due at 100 is not sent) → fires at 108 → Failed at 109
    expect(times(c.events, (e) => e.type === 'fired')).toEqual([108]);
    expect(phases(c.events)).toContain('109:Failed');
    expect(c.events.find((e) => e.type === 'restart')).toMatchObject({ t: 110, detail: { reason: 'watchdog poweroff' } });
  });

  it('reset reboots the guest inside the same VMI', () => {
    const c = startCluster(vmObject({ watchdog: 'reset' }), busybox);
    feed(c, 50, 100);
    c.runUntil(130);
    expect(phases(c.events)).toEqual(['0:Pending', '1:Scheduling', '5:Scheduled', '7:Running']);
    expect(c.events.find((e) => e.type === 'boot' && e.detail.reboot)).toMatchObject({ t: 108 });
  });

  it('shutdown: the guest powers down, the VMI Succeeds, and with running: true the VM starts it again', () => {
    const c = startCluster(vmObject({ watchdog: 'shutdown' }), busybox);
    feed(c, 50, 100);
    c.runUntil(130);
    expect(phases(c.events)).toContain('113:Succeeded');
    expect(c.restarts('ns', 'vm')).toBe(1);
  });

  it('a hung guest stops feeding too; a VM without a watchdog device cannot be fed', () => {
    const c = startCluster(vmObject({ watchdog: 'poweroff' }), busybox);
    c.at(50, () => c.guestAction('ns', 'vm', { action: 'start-watchdog-feeder', interval: 2, timeout: 10 }));
    c.at(61, () => c.guestAction('ns', 'vm', { action: 'hang-guest' }));
    c.runUntil(80);
    expect(times(c.events, (e) => e.type === 'fired')).toEqual([70]);
    const d = startCluster(vmObject(), busybox);
    d.at(50, () => d.guestAction('ns', 'vm', { action: 'start-watchdog-feeder', interval: 2, timeout: 10 }));
    d.runUntil(60);
    expect(d.events.some((e) => e.type === 'no-device')).toBe(true);
  });
});

describe('kubectl views', () => {
  it('formats get vmi / get vm like kubectl, AGE as kubectl shortens it', async () => {
    const { formatTable, kubectlAge } = await import('../../../simulator/index.ts');
    expect([59, 152, 600, 7300, 14580, 200000].map(kubectlAge)).toEqual(['59s', '2m32s', '10m', '121m', '4h3m', '2d']);
    const c = startCluster(vmObject({ readiness: { tcpSocket: { port: 8081 }, initialDelaySeconds: 120, successThreshold: 5 } }));
    c.runUntil(152);
    const lines = formatTable('vmi', c.get('vmi', 'ns') as never).split('\n');
    expect(lines[0]).toMatch(/^NAME\s+AGE\s+PHASE\s+IP\s+NODENAME\s+READY$/);
    expect(lines[1]).toMatch(/^vm\s+2m32s\s+Running\s+10\.244\.\d+\.\d+\s+training-worker-\d\s+False$/);
    expect(formatTable('vm', c.get('vm', 'ns') as never).split('\n')[1]).toMatch(/^vm\s+2m32s\s+Running\s+False$/);
  });

  it("values below 1 run as KubeVirt's defaults (SetDefaults_Probe): period 10, failureThreshold 3, timeout 1 — as the cluster runs them", () => {
    const c = startCluster(vmObject({ liveness: { tcpSocket: { port: 8081 }, periodSeconds: -1, failureThreshold: -1, timeoutSeconds: -5, successThreshold: 0 } }));
    c.at(50, () => c.guestAction('ns', 'vm', { action: 'stop-server', port: 8081 }));
    c.runUntil(120);
    // the same as periodSeconds 10 and the default threshold: failures 51, 61, 71 → kill 71
    expect(times(c.events, (e) => e.type === 'kill')).toEqual([71]);
    const p = vmModel(vmObject({ readiness: { httpGet: { port: 8081 }, periodSeconds: 0, timeoutSeconds: -1, successThreshold: -2, failureThreshold: 0, initialDelaySeconds: -5 } })).probes[0]!;
    expect(p).toMatchObject({ periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3, initialDelaySeconds: 5 });
  });

  it('the validators accept such a VM (a warning per value) and simulate() runs it', () => {
    const vm = fixture('vm-readiness.yaml').replace(/periodSeconds: \d+/, 'periodSeconds: -1');
    expect(vm).toContain('periodSeconds: -1');
    const docs = validateText(vm);
    expect(docs.every((d) => d.valid)).toBe(true);
    expect(docs.flatMap((d) => d.findings).filter((f) => f.path.endsWith('periodSeconds')).map((f) => `${f.stage} ${f.severity}`)).toEqual(['start warning']);
    const r = simulate({ vm, userData: fixture('cloudinit-probe.yaml'), until: 300 });
    // the liveness probe (periodSeconds 20 in the fixture, now -1) probes every 10 s, not every second
    const ticks = probes(r.events as Parameters<typeof probes>[0], 'liveness').map((e) => e.t);
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks.slice(1).map((t, i) => t - ticks[i]!)).toEqual(ticks.slice(1).map(() => 10));
  });
});
