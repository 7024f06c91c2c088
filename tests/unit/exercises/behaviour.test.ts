// Behaviour requirements: judging a simulated timeline, and the probes lab's behaviour checks
// run through the real simulator (simulator/), each with a mistake that fails only it.
import { describe, expect, it } from 'vitest';
import { CheckCache, checkTask, judgeTimeline } from '../../../exercises/check.ts';
import type { EventSource, SimEvent } from '../../../simulator/types.ts';
import { probesLab, stateAfter } from './lab.ts';

const ev = (t: number, source: string, type: string, detail: Record<string, unknown> = {}): SimEvent => ({ t, source: source as EventSource, type, detail });
const ready = (t: number, status: string) => ev(t, 'vmi', 'condition', { condition: 'Ready', status });

describe('judgeTimeline', () => {
  const timeline = [ev(5, 'vmi', 'phase', { phase: 'Running' }), ready(190, 'True'), ready(460, 'False'), ev(500, 'vmi', 'restart', { reason: 'liveness' }), ev(700, 'vmi', 'restart', { reason: 'liveness' })];
  it('first … between', () => {
    expect(judgeTimeline(timeline, { until: 600, expect: [{ first: { source: 'vmi', type: 'condition', detail: { condition: 'Ready', status: 'True' } }, between: [150, 260] }] })).toBeUndefined();
    expect(judgeTimeline(timeline, { until: 600, expect: [{ first: { type: 'condition', detail: { status: 'True' } }, between: [200, 260] }] })).toBe('condition (status=True) at 190 s, expected between 200 s and 260 s');
    expect(judgeTimeline(timeline, { until: 600, expect: [{ first: { source: 'vm', type: 'phase' }, between: [0, 10] }] })).toBe('no vm phase within 600 s');
  });
  it('none, within a window', () => {
    expect(judgeTimeline(timeline, { until: 900, expect: [{ none: { type: 'restart' } }] })).toBe('restart at 500 s');
    expect(judgeTimeline(timeline, { until: 900, expect: [{ none: { type: 'restart' }, before: 499 }] })).toBeUndefined();
    expect(judgeTimeline(timeline, { until: 900, expect: [{ none: { type: 'restart' }, after: 501, before: 699 }] })).toBeUndefined();
  });
  it('count, with min and max', () => {
    expect(judgeTimeline(timeline, { until: 900, expect: [{ count: { type: 'restart' }, min: 1, max: 2 }] })).toBeUndefined();
    expect(judgeTimeline(timeline, { until: 900, expect: [{ count: { type: 'restart' }, max: 1 }] })).toBe('2 × restart, expected at most 1');
    expect(judgeTimeline(timeline, { until: 900, expect: [{ count: { type: 'restart', detail: { reason: 'liveness' } }, after: 600, min: 2 }] })).toBe('1 × restart (reason=liveness) after 600 s, expected at least 2');
    expect(judgeTimeline(timeline, { until: 900, expect: [{ count: { type: 'restart' }, after: 400, before: 600, min: 2 }] })).toBe('1 × restart between 400 s and 600 s, expected at least 2');
  });
  it('matches detail values loosely by their text ("True" and true)', () => {
    expect(judgeTimeline([ev(1, 'vmi', 'condition', { condition: 'Ready', status: true })], { until: 10, expect: [{ first: { type: 'condition', detail: { status: 'True' } }, between: [0, 2] }] })).toBeUndefined();
  });
});

const lab = probesLab();
const byId = (id: string) => lab.tasks.find((t) => t.id === id)!;
const failedIds = (taskId: string, files: Record<string, string>) =>
  checkTask(byId(taskId), files).requirements.filter((q) => !q.passed && !q.skipped).map((q) => q.id);

describe('behaviour requirements through the simulator (the default)', () => {
  it('simulate: false reports behaviour requirements as not evaluated, never failed', () => {
    const r = checkTask(byId('4'), stateAfter(lab, 2), { simulate: false });
    expect(r).toMatchObject({ passed: true, checked: false, requirements: [{ id: '4.1', passed: false, skipped: true, detail: 'not evaluated: simulation turned off' }] });
  });

  it('a VM the cluster rejects is not simulated, and says so briefly', () => {
    const files = stateAfter(lab, 2);
    files[lab.files.vm] = files[lab.files.vm].replace('kind: VirtualMachine', 'kind: VirtualMachine\nbogus: 1');
    const r = checkTask(byId('4'), files);
    expect(r.requirements.map((q) => [q.passed, q.detail])).toEqual([[false, 'not simulated: the cluster rejects this VM (fix its findings first)']]);
  });

  it('equal documents share one simulation, whatever their comments and layout', () => {
    const cache = new CheckCache();
    const files = stateAfter(lab, 4);
    checkTask(byId('5'), files, { cache });
    expect(cache.simulated.size).toBe(1);
    const relaid = files[lab.files.vm].replace('kind: VirtualMachine', '# mine\n"kind": "VirtualMachine"');
    checkTask(byId('5'), { ...files, [lab.files.vm]: relaid }, { cache });
    expect(cache.simulated.size).toBe(1);
    checkTask(byId('5'), { ...files, [lab.files.vm]: relaid.replace('initialDelaySeconds: 120', 'initialDelaySeconds: 121') }, { cache });
    expect(cache.simulated.size).toBe(2);
  });

  it('every reference solution meets its behaviour requirements', () => {
    lab.tasks.forEach((t, i) => {
      const r = checkTask(t, stateAfter(lab, i));
      expect(r.requirements.filter((q) => !q.passed).map((q) => [q.id, q.detail]), `task ${t.id}`).toEqual([]);
      expect(r.requirements.some((q) => q.skipped)).toBe(false);
    });
  });

  it('a guest serving another port fails only the behaviour requirement of tasks 1 and 2', () => {
    for (const [task, idx] of [['1', 0], ['2', 1]] as const) {
      const files = stateAfter(lab, idx);
      files[lab.files.cloudinit] = files[lab.files.cloudinit].replace('"8081"', '"8082"');
      const behaviour = byId(task).requirements.filter((r) => r.kind === 'behaviour').map((r) => r.id);
      expect(failedIds(task, files), `task ${task}`).toEqual(behaviour);
      // pointed at the probe the behaviour is about
      const r = checkTask(byId(task), files).requirements.find((q) => q.id === behaviour[0])!;
      expect(files[lab.files.vm].split('\n')[r.line! - 1]).toMatch(task === '1' ? /^      livenessProbe:$/ : /^      readinessProbe:$/);
    }
  });

  it('task 4 (changes no file): probes that do not check the server notice nothing when it stops', () => {
    const noReadiness = (files: Record<string, string>) => files[lab.files.vm].replace(/      readinessProbe:\n(        .*\n)+/, '');
    // task 3's folder: the TCP liveness probe restarts the VMI even without a readiness probe
    const t3 = stateAfter(lab, 2);
    expect(failedIds('4', t3)).toEqual([]);
    expect(failedIds('4', { ...t3, [lab.files.vm]: noReadiness(t3) })).toEqual([]);
    // task 5's folder: guestAgentPing liveness ignores the server; only the readiness probe notices
    const t5 = stateAfter(lab, 4);
    expect(failedIds('4', t5)).toEqual([]);
    const r = checkTask(byId('4'), { ...t5, [lab.files.vm]: noReadiness(t5) });
    expect(r.requirements.map((q) => [q.id, q.passed, q.detail])).toEqual([['4.1', false, 'simulated: 0 × endpoints removed between 400 s and 490 s, expected at least 1']]);
    // pointed at the readiness probe's place: gone, so its parent spec
    const vm = noReadiness(t5).split('\n');
    expect(vm[r.requirements[0].line! - 1]).toMatch(/^    spec:$/);
  });

  it('watchdog: reset instead of poweroff keeps the VMI running, which the behaviour check notices', () => {
    const files = stateAfter(lab, lab.tasks.length - 1);
    files[lab.files.watchdogVm] = files[lab.files.watchdogVm].replace('action: "poweroff"', 'action: "reset"');
    expect(failedIds('watchdog-example', files)).toEqual([byId('watchdog-example').requirements.find((r) => r.kind === 'behaviour')!.id]);
  });
});
