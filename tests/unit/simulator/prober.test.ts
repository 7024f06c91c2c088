// kubelet worker.go semantics, pinned with exact times. With the round timings of helpers.ts a
// VMI created at t=0 has its pod bound (probe workers start) at 1, the compute container
// started at 5, the domain Running at 7, the guest network at 12 and the nc listener at 33.
import { describe, expect, it } from 'vitest';
import { ProbeWorker } from '../../../simulator/index.ts';
import { phases, probes, startCluster, times, vmObject } from './helpers.ts';

describe('kubelet probe worker (worker.go)', () => {
  it('waits initialDelaySeconds + 10 (LibvirtStartupDelay), readiness probing on ticks counted from the container start (its manual trigger)', () => {
    // delay 20 → 30 on the pod; the container start at 5 resets the ticker: ticks at 5 + 7k;
    // int(t - 5) >= 30 first at t = 40 (k = 5)
    const c = startCluster(vmObject({ readiness: { tcpSocket: { port: 8081 }, initialDelaySeconds: 20, periodSeconds: 7 } }));
    c.runUntil(60);
    expect(times(probes(c.events, 'readiness'), () => true)).toEqual([40, 47, 54]);
  });

  it('truncates the seconds since start: a tick at 29.5 s after the container start is still inside a 30 s delay', () => {
    const w = new ProbeWorker({ kind: 'readiness', initialDelaySeconds: 30, periodSeconds: 1, successThreshold: 1, failureThreshold: 3 }, 0, () => {});
    const container = { id: 'c1', startedAt: 0.5, running: true, terminated: false };
    expect(w.gate(30, container, false)).toBe('wait'); // int(29.5) = 29 < 30
    expect(w.gate(30.5, container, false)).toBe('probe');
  });

  it('readiness starts as Failure and turns Success only after successThreshold successes in a row', () => {
    // period 10 from the container start 5: probes at 15, 25, 35 (delay 0+10 → int(t-5) >= 10 first at t = 15)
    const c = startCluster(vmObject({ readiness: { tcpSocket: { port: 8081 }, periodSeconds: 10, successThreshold: 3 } }));
    c.runUntil(80);
    const ready = c.events.filter((e) => e.type === 'condition');
    // listener up at 33: successes at 35, 45, 55 → Ready at 55
    expect(times(probes(c.events, 'readiness'), (e) => e.detail.result === 'success')).toEqual([35, 45, 55, 65, 75]);
    expect(ready.map((e) => `${e.t}:${String(e.detail.status)}`)).toEqual(['55:True']);
  });

  it('liveness starts as Success: failures below failureThreshold change nothing, the third kills', () => {
    // nothing listens on 9999: failures from the first probe on (21, 31, 41); kill at 41, ACPI
    // shutdown at 43, the guest off (VMI Succeeded) at 48
    const c = startCluster(vmObject({ liveness: { tcpSocket: { port: 9999 }, periodSeconds: 10 } }));
    c.runUntil(50);
    expect(times(probes(c.events, 'liveness'), (e) => e.detail.result === 'failure')).toEqual([21, 31, 41]);
    expect(times(c.events, (e) => e.type === 'kill')).toEqual([41]);
    expect(phases(c.events)).toContain('48:Succeeded');
  });

  it('a success in between resets the run: failure, failure, success, failure, failure, failure', () => {
    const w = new ProbeWorker({ kind: 'liveness', initialDelaySeconds: 0, periodSeconds: 1, successThreshold: 1, failureThreshold: 3 }, 0, () => {});
    const sets: string[] = [];
    const w2 = new ProbeWorker(w.spec, 0, (r, why) => sets.push(`${r}/${why}`));
    const c = { id: 'a', startedAt: 0, running: true, terminated: false };
    expect(w2.gate(0, c, false)).toBe('probe');
    for (const r of ['failure', 'failure', 'success', 'failure', 'failure'] as const) w2.record(r);
    expect(w2.stored).toBe('success');
    w2.record('failure');
    expect(w2.stored).toBe('failure');
    // the results manager passes on changes only: the success that met the threshold again is no update
    expect(sets).toEqual(['success/initial', 'failure/threshold']);
  });

  it('a probe that times out reports at start + timeoutSeconds; an overrun period is followed at once by the buffered tick', () => {
    // hung guest from 41.5: ticks from the container start 5, every 3 s (…, 41, 44, 47)
    const c = startCluster(vmObject({ readiness: { tcpSocket: { port: 8081 }, periodSeconds: 3, timeoutSeconds: 5 } }));
    c.at(41.5, () => c.guestAction('ns', 'vm', { action: 'hang-guest' }));
    c.runUntil(60);
    const late = probes(c.events, 'readiness').filter((e) => e.t > 41);
    // tick 44 starts a probe that ends at 49 (timeout); tick 47 was buffered → next probe starts at 49, ends 54; then 54 → 59
    expect(late.map((e) => `${e.t}:${String(e.detail.result)}`)).toEqual(['49:timeout', '54:timeout', '59:timeout']);
  });

  it('goes on hold after a liveness failure and resumes only with a new container, counters cleared', () => {
    const sets: string[] = [];
    const w = new ProbeWorker({ kind: 'liveness', initialDelaySeconds: 0, periodSeconds: 1, successThreshold: 1, failureThreshold: 2 }, 0, (r, why) => sets.push(`${r}/${why}`), false);
    const c1 = { id: 'one', startedAt: 0, running: true, terminated: false };
    w.gate(0, c1, false);
    w.record('failure');
    w.record('failure');
    expect(w.onHold).toBe(true);
    expect(w.resultRun).toBe(0);
    expect(w.gate(3, c1, false)).toBe('wait'); // on hold: no probe against the old container
    const c2 = { id: 'two', startedAt: 5, running: true, terminated: false };
    expect(w.gate(6, c2, false)).toBe('probe');
    expect(w.stored).toBe('success'); // the new container starts from liveness' initial value
    w.record('failure'); // one failure: below threshold again
    expect(w.stored).toBe('success');
    expect(sets).toEqual(['success/initial', 'failure/threshold', 'success/initial']);
  });

  it('in KubeVirt the on-hold liveness worker never resumes: the pod (restartPolicy Never) fails, a new VMI brings new workers', () => {
    const c = startCluster(vmObject({ liveness: { tcpSocket: { port: 9999 }, periodSeconds: 10 } }));
    c.runUntil(100);
    // VMI 1: failures 21, 31, 41 → shutdown 43 → Succeeded 48 → restart 49; VMI 2: workers at 50,
    // container 54: probes 70, 80, 90 → shutdown 92 → Succeeded 97 → restart 98
    expect(times(probes(c.events, 'liveness'), () => true)).toEqual([21, 31, 41, 70, 80, 90]);
    expect(times(c.events, (e) => e.type === 'restart')).toEqual([49, 98]);
  });

  it('a named port the simulator cannot resolve fails the probe', () => {
    const c = startCluster(vmObject({ readiness: { tcpSocket: { port: 'http' }, periodSeconds: 10 } }));
    c.runUntil(30);
    expect(probes(c.events, 'readiness')[0]?.detail).toMatchObject({ result: 'failure' });
  });
});
