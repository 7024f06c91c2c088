// The compact timeline: events become objects only when read, in order, once each; probe runs
// share their records; a result serialises as {events, summary}, as before the timeline existed.
import { describe, expect, it } from 'vitest';
import { SimCluster, simulate, Timeline } from '../../../simulator/index.ts';
import { fixture } from './helpers.ts';

describe('Timeline', () => {
  it('reads back what was pushed, extending the same array as events arrive', () => {
    const tl = new Timeline();
    const shared = tl.intern('kubelet', 'probe', { probe: 'liveness', handler: 'tcpSocket', result: 'success' });
    tl.push(0, 'vm', 'start', { by: 'virtctl start' });
    for (let i = 1; i <= 3000; i++) tl.pushRef(i, shared); // past the first growth (1024)
    const first = tl.events;
    expect(first).toHaveLength(3001);
    expect(first[0]).toEqual({ t: 0, source: 'vm', type: 'start', detail: { by: 'virtctl start' } });
    expect(first[2999]).toEqual({ t: 2999, source: 'kubelet', type: 'probe', detail: { probe: 'liveness', handler: 'tcpSocket', result: 'success' } });
    expect(first[1]!.detail).toBe(first[3000]!.detail);
    tl.push(3000.5, 'vmi', 'phase', { phase: 'Failed' });
    const again = tl.events;
    expect(again).toBe(first);
    expect(again).toHaveLength(3002);
    expect(again[3001]).toEqual({ t: 3000.5, source: 'vmi', type: 'phase', detail: { phase: 'Failed' } });
    expect(tl.get(5)).toBe(again[5]);
    expect(tl.timeAt(3001)).toBe(3000.5);
    expect(tl.recordAt(3000).type).toBe('probe');
  });

  it("a listener on a live cluster gets the same objects `events` holds", () => {
    const c = new SimCluster();
    const seen: unknown[] = [];
    c.on((e) => seen.push(e));
    c.apply({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'a', namespace: 'n' }, spec: { running: true, template: { spec: { domain: { devices: {} } } } } });
    c.advance(60);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual(c.events);
    seen.forEach((e, i) => expect(e).toBe(c.events[i]));
  });
});

describe('simulate() result', () => {
  const run = simulate({ vm: fixture('vm-readiness.yaml'), userData: fixture('cloudinit-probe.yaml'), until: 900 });

  it('serialises as {events, summary}: the timeline is not enumerable', () => {
    expect(Object.keys(JSON.parse(JSON.stringify(run)))).toEqual(['events', 'summary']);
    expect(JSON.parse(JSON.stringify(run)).events).toEqual(run.events);
    expect(run.timeline.length).toBe(run.events.length);
  });

  it('probe runs share a handful of records instead of one object each', () => {
    const probes = run.events.filter((e) => e.type === 'probe');
    expect(probes.length).toBeGreaterThan(50);
    expect(new Set(probes.map((e) => e.detail)).size).toBeLessThanOrEqual(6);
    expect(run.timeline.records.length).toBeLessThan(run.timeline.length / 2);
  });

  it('the summary read from the compact timeline agrees with the events', () => {
    const ready = run.events.find((e) => e.source === 'vmi' && e.type === 'condition' && e.detail.status === 'True');
    const running = run.events.find((e) => e.source === 'vmi' && e.type === 'phase' && e.detail.phase === 'Running');
    const scheduled = run.events.find((e) => e.source === 'vmi' && e.type === 'phase' && e.detail.phase === 'Scheduled');
    expect(run.summary.readyAt).toBe(ready!.t);
    expect(run.summary.runningAt).toBe(running!.t);
    expect(run.summary.readiness?.containerStartedAt).toBe(scheduled!.t);
    expect(run.summary.restartTimes).toEqual(run.events.filter((e) => e.source === 'vm' && e.type === 'restart').map((e) => e.t));
  });
});

describe('Timeline capacity', () => {
  it('grows past its hint, and a nonsense hint still gives a working timeline', () => {
    for (const hint of [0, 16, Number.NaN, Infinity, -5]) {
      const tl = new Timeline(hint);
      const ref = tl.intern('kubelet', 'probe', {});
      for (let i = 0; i < 100; i++) tl.pushRef(i, ref);
      expect(tl.length).toBe(100);
      expect(tl.events.map((e) => e.t)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    }
  });
});
