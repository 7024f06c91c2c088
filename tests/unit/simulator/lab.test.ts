// The probes lab with the simulator's default timings: the Ready time is the arithmetic of the
// worker's rules, and it reproduces what the lab reports (READY False at 2m32s, True after
// about 3 minutes). Also the exercises' behaviour requirements on the lab's own solutions.
import { describe, expect, it } from 'vitest';
import { defaultTimings, simulate, SimInputError } from '../../../simulator/index.ts';
import { fixture } from './helpers.ts';

const vm = fixture('vm-readiness.yaml');
const ud = fixture('cloudinit-probe.yaml');

describe('probes lab, Task 8.2 readiness (initialDelaySeconds 120, periodSeconds 10, successThreshold 5)', () => {
  const run = simulate({ vm, userData: ud, until: 600 });
  const at = (pred: (e: (typeof run.events)[number]) => boolean) => run.events.find(pred)?.t;

  it('Ready = first tick at or after container start + 130 s (120 + LibvirtStartupDelay), plus 4 periods', () => {
    const t = defaultTimings;
    const workerStart = t.podCreate;
    const containerStart = t.podCreate + t.podStart;
    expect(at((e) => e.type === 'phase' && e.detail.phase === 'Scheduled')).toBe(containerStart);
    // the container start triggers the readiness worker and resets its ticker (prober_manager
    // UpdatePodStatus): ticks at containerStart + 10k; the first with int(tick - containerStart) >= 130
    expect(workerStart).toBeLessThan(containerStart);
    const firstProbe = containerStart + 130;
    expect(at((e) => e.type === 'probe' && e.detail.probe === 'readiness')).toBe(firstProbe);
    const ready = firstProbe + 4 * 10;
    expect(at((e) => e.type === 'condition' && e.detail.status === 'True')).toBe(ready);
    expect(ready - containerStart).toBeGreaterThanOrEqual(170);
    expect(run.summary.readiness).toEqual({ containerStartedAt: containerStart, podInitialDelaySeconds: 130, earliestReadyAfterContainerStart: 170 });
  });

  it('reproduces the lab: READY False at 2m32s, True after about 3 minutes, no restart', () => {
    const readyAt = run.summary.readyAt!;
    expect(readyAt).toBeGreaterThan(152);
    expect(readyAt).toBeGreaterThanOrEqual(165);
    expect(readyAt).toBeLessThanOrEqual(200);
    expect(run.summary.restarts).toBe(0);
  });

  it('with the Solution block\'s periodSeconds 20 the arithmetic gives ≥ 210 s after the container start', () => {
    const r = simulate({ vm: vm.replace(/periodSeconds: 10/, 'periodSeconds: 20'), userData: ud, until: 600 });
    expect(r.summary.readiness?.earliestReadyAfterContainerStart).toBe(210);
    expect(r.summary.readyAt! - r.summary.readiness!.containerStartedAt!).toBeGreaterThanOrEqual(210);
  });

  it('a timing can be overridden by a scenario item, and moves Ready with it', () => {
    const r = simulate({ vm, userData: ud, until: 600, scenario: [{ timings: { podStart: 38 } }] });
    expect(r.summary.readyAt).toBe(run.summary.readyAt! + 30);
  });

  it('stopping the server at 400 s turns Ready False (Task 8.4) and liveness restarts the VMI', () => {
    const r = simulate({ vm, userData: ud, until: 700, scenario: [{ at: 400, action: 'stop-server', port: 8081 }] });
    const falseAt = r.events.find((e) => e.type === 'condition' && e.detail.status === 'False' && e.t > 400)?.t;
    expect(falseAt).toBeGreaterThan(400);
    expect(r.summary.restarts).toBe(1);
  });

  it('without the user data the guest serves nothing, and says so', () => {
    const r = simulate({ vm, until: 600 });
    expect(r.summary.notes.join(' ')).toMatch(/lab08-cloudinit-probe.*was not given/);
    expect(r.summary.restarts).toBeGreaterThan(0);
    expect(r.summary.readyAt).toBeUndefined();
  });

  it('a probe port the guest does not serve: liveness restarts the VMI over and over', () => {
    const r = simulate({ vm: vm.replace(/port: 8081/g, 'port: 8082'), userData: ud, until: 600 });
    expect(r.summary.restarts).toBeGreaterThanOrEqual(2);
  });
});

describe('watchdog example', () => {
  it('poweroff 10 s after the last heartbeat; the VMI Failed, then the VM restarts it (the lab says "powered off")', () => {
    const r = simulate({
      vm: fixture('vm-watchdog.yaml'),
      userData: fixture('cloudinit-watchdog.yaml'),
      until: 400,
      scenario: [{ at: 250, action: 'start-watchdog-feeder', interval: 2, timeout: 10 }, { at: 300, action: 'stop-watchdog-feeder' }],
    });
    const failed = r.events.find((e) => e.source === 'vmi' && e.type === 'phase' && e.detail.phase === 'Failed');
    expect(failed?.t).toBe(308 + defaultTimings.domainStop);
    expect(r.summary.restarts).toBe(1);
  });
});

describe('input', () => {
  it('input the API server rejects: SimInputError with the validators\' findings, positions included', () => {
    try {
      simulate({ vm: vm.replace('kind: VirtualMachine', 'kind: VirtualMachine\nbogus: 1'), userData: ud, until: 60, file: 'vm.yaml' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SimInputError);
      const f = (e as SimInputError).findings[0]!;
      expect(f).toMatchObject({ file: 'vm.yaml', line: 4 });
      expect(f.message).toMatch(/bogus/);
    }
  });

  it("a name the API server's validation refuses is input it rejects too", () => {
    const bad = vm.replace(/^(  name: )\S+$/m, '$1Lab08_Probe');
    expect(bad).not.toBe(vm);
    expect(() => simulate({ vm: bad, userData: ud, until: 60, file: 'vm.yaml' })).toThrow(SimInputError);
  });

  it('a start-stage error (a probe port as a string) shows on the timeline: the VMI never runs', () => {
    const r = simulate({ vm: vm.replace('port: 8081', 'port: "8081"'), userData: ud, until: 300 });
    expect(r.events.filter((e) => e.type === 'phase').map((e) => e.detail.phase)).toEqual(['Pending']);
    expect(r.summary.startError).toMatch(/Error creating pod/);
  });
});

describe('limits', () => {
  it('a month at 1 s probes stops at the event cap with a note instead of exhausting memory', async () => {
    const { SimCluster } = await import('../../../simulator/index.ts');
    const { vmObject, cloudConfig } = await import('./helpers.ts');
    const c = new SimCluster({ maxEvents: 5000 });
    c.apply({ kind: 'Secret', metadata: { name: 'ud', namespace: 'ns' }, stringData: { userdata: cloudConfig() } });
    c.apply(vmObject({ readiness: { tcpSocket: { port: 8081 }, periodSeconds: 1 } }));
    c.virtctl('start', 'ns', 'vm');
    c.runUntil(30 * 24 * 3600);
    expect(c.events.length).toBeGreaterThanOrEqual(5000);
    expect(c.events.length).toBeLessThan(5010);
    expect(c.truncatedAt).toBeGreaterThan(0);
    // one readiness probe a second: the cap is reached after about 5000 s
    expect(c.truncatedAt).toBeGreaterThan(4900);
    expect(c.truncatedAt).toBeLessThan(5100);
  });
});
