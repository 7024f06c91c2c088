// The checker on the probes lab: reference solutions pass; one seeded mistake per requirement
// fails exactly that requirement, with its sentence and the position of the mistake; parsed
// comparison (not text) and type-awareness; later tasks count earlier ones on the same file.
import { describe, expect, it } from 'vitest';
import { checkLab, checkTask, CheckCache } from '../../../exercises/check.ts';
import { probesLab, seedMistake, stateAfter } from './lab.ts';

const lab = probesLab();
const vmPath = lab.files.vm;

describe('the probes lab exercise', () => {
  it('has the five numbered tasks and the watchdog example', () => {
    expect(lab.tasks.map((t) => [t.id, t.number ?? null, t.changesFiles])).toEqual([
      ['1', '8.1', true],
      ['2', '8.2', true],
      ['3', '8.3', true],
      ['4', '8.4', false],
      ['5', '8.5', true],
      ['watchdog-example', null, true],
    ]);
    expect(vmPath).toBe('labs/lab08/vm_lab08-probe.yaml');
    expect(lab.tasks[0].files.map((f) => f.path)).toEqual(['labs/lab08/cloudinit-probe.yaml', vmPath]);
    expect(lab.tasks[1].files[0].start).toBe(lab.tasks[0].files[1].solution);
  });

  it('every requirement has a whole sentence (a # in plain YAML would cut it short)', () => {
    for (const r of lab.tasks.flatMap((t) => t.requirements)) expect(r.text, r.id).toMatch(/^[A-Z].{20,}[.)]$/);
    expect(lab.tasks[0].requirements[0].text).toBe('Create cloudinit-probe.yaml as valid #cloud-config user data (the content the task gives).');
  });

  it('each task passes on the folder its reference solutions make', () => {
    lab.tasks.forEach((t, i) => {
      const r = checkTask(t, stateAfter(lab, i));
      expect(r.requirements.filter((q) => !q.passed && !q.skipped), `task ${t.id}`).toEqual([]);
      expect(r.passed).toBe(true);
    });
  });

  it('each task fails on its starting state', () => {
    lab.tasks.forEach((t, i) => {
      if (!t.changesFiles) return;
      const files = { ...(i > 0 ? stateAfter(lab, i - 1) : {}) };
      for (const f of t.files) if (f.start === '') delete files[f.path];
      else files[f.path] = f.start;
      expect(checkTask(t, files).passed, `task ${t.id}`).toBe(false);
    });
  });

  const cases = lab.tasks.flatMap((t, ti) =>
    t.requirements.filter((r) => r.kind !== 'behaviour').map((r) => ({ name: `${r.id} (${r.kind} ${r.path ?? ''})`, task: t, ti, req: r })),
  );
  it.each(cases)('a seeded mistake for $name fails exactly that requirement, at the mistake', ({ task, ti, req }) => {
    const files = stateAfter(lab, ti);
    const seeded = seedMistake(req, files[req.file]);
    files[req.file] = seeded.text;
    // behaviour requirements follow from the fields (a liveness probe on port 4242 does restart
    // the VM): they are judged by their own mistakes in behaviour.test.ts
    const r = checkTask(task, files, { simulate: false });
    // A mistake the cluster also rejects (two probe handlers) fails the file's validation
    // requirement as well, which then points back at this requirement instead of repeating it.
    const echoes = r.requirements.filter((q) => !q.passed && q.id !== req.id && q.file === req.file && /see the failed requirement on/.test(q.detail ?? ''));
    const failed = r.requirements.filter((q) => !q.passed && !q.skipped && !echoes.includes(q));
    expect(failed.map((q) => q.id)).toEqual([req.id]);
    expect(echoes.every((q) => q.line === failed[0].line || req.kind !== 'equals')).toBe(true);
    expect(failed[0].text).toBe(req.text);
    expect(failed[0].file).toBe(req.file);
    const line = seeded.text.split('\n')[failed[0].line! - 1];
    expect(line, `line ${failed[0].line} of\n${seeded.text}`).toMatch(seeded.marker);
  });
});

describe('comparing parsed documents, type-aware', () => {
  const task1 = lab.tasks[0];
  const solved = stateAfter(lab, 0);
  const failedIds = (vm: string) => checkTask(task1, { ...solved, [vmPath]: vm }).requirements.filter((q) => !q.passed && !q.skipped).map((q) => q.id);

  it('accepts reordered keys, quoted keys, comments, flow style, hex numbers and extra harmless fields', () => {
    const vm = solved[vmPath].replace(
      /      livenessProbe:\n(        .*\n)+/,
      '      # checked by the kubelet\n      "livenessProbe": {timeoutSeconds: 10, httpGet: {port: 0x1F91, path: /}, periodSeconds: 20, "initialDelaySeconds": 120, failureThreshold: 3}\n',
    );
    expect(vm).not.toBe(solved[vmPath]);
    expect(failedIds(vm)).toEqual([]);
  });

  it('port: "8081" fails the port requirement with the validators\' start-stage finding', () => {
    const vm = solved[vmPath].replace('port: 8081', 'port: "8081"');
    // simulated, the VM never starts: the behaviour requirement fails as well
    expect(checkTask(task1, { ...solved, [vmPath]: vm }).requirements.filter((q) => !q.passed).map((q) => [q.id, q.detail])).toEqual([
      ['1.6', expect.stringContaining('found the string "8081"')],
      ['1.8', expect.stringContaining('(see the failed requirement on port above)')],
      ['1.9', 'simulated: no vmi phase (phase=Running) within 600 s'],
    ]);
    const r = checkTask(task1, { ...solved, [vmPath]: vm }, { simulate: false });
    const failed = r.requirements.filter((q) => !q.passed && !q.skipped);
    // the cluster refuses to start it, so "the cluster accepts it" fails too, pointing back
    expect(failed.map((q) => q.id)).toEqual(['1.6', '1.8']);
    expect(failed[1].detail).toMatch(/^start: .*\(see the failed requirement on port above\)$/);
    expect(failed[0].finding?.stage).toBe('start');
    expect(failed[0].detail).toMatch(/^found the string "8081", a string where a number belongs; the cluster says \(start\): /);
    expect(vm.split('\n')[failed[0].line! - 1]).toMatch(/port: "8081"/);
    expect(failed[0].column).toBe(vm.split('\n')[failed[0].line! - 1].indexOf('"8081"') + 1);
  });

  it('a misspelt field fails the requirement for that field, pointing at the misspelling, and the cluster-accepts-it requirement', () => {
    const vm = solved[vmPath].replace('initialDelaySeconds: 120', 'initialDelaySecond: 120');
    const r = checkTask(task1, { ...solved, [vmPath]: vm });
    expect(r.passed).toBe(false);
    const failed = r.requirements.filter((q) => !q.passed && !q.skipped);
    expect(failed.map((q) => q.id)).toEqual(['1.4', '1.8']);
    // never "✓ the cluster accepts it" beside "not simulated: the cluster rejects this VM"
    expect(failed[1]).toMatchObject({ line: failed[0].line, detail: expect.stringMatching(/^schema: .*unknown field.*\(see the failed requirement on initialDelaySeconds above\)$/) });
    expect(vm.split('\n')[failed[0].line! - 1].slice(failed[0].column! - 1)).toBe('initialDelaySecond: 120');
    expect(failed[0].detail).toMatch(/^spec\.template\.spec\.livenessProbe\.initialDelaySeconds is not set; is "initialDelaySecond" meant to be "initialDelaySeconds"\? The cluster says \(schema\): .*unknown field/);
    // the VM is rejected, so it is not simulated; that is no second failure
    expect(r.requirements.find((q) => q.id === '1.9')).toMatchObject({ passed: false, skipped: true, detail: 'not simulated: the cluster rejects this VM (fix its findings first)' });
  });

  it('an empty file is never valid: every requirement on it fails, saying it is empty', () => {
    const vm = solved[vmPath].replace('periodSeconds: 20', 'periodSecond: 20');
    const r = checkTask(task1, { [lab.files.cloudinit]: '', [vmPath]: vm });
    const failed = r.requirements.filter((q) => !q.passed && !q.skipped).map((q) => [q.id, q.detail]);
    expect(failed).toEqual([
      ['1.1', 'the file is empty'],
      ['1.2', 'the file is empty'],
      ['1.5', expect.stringContaining('is "periodSecond" meant to be "periodSeconds"?')],
      ['1.8', expect.stringContaining('unknown field')],
    ]);
    // a file of only comments is empty too
    expect(checkTask(task1, { ...solved, [lab.files.cloudinit]: '# nothing yet\n' }).requirements.find((q) => q.id === '1.1')).toMatchObject({ passed: false, detail: 'the file is empty', line: 1 });
    // no requirement whose file fails validation or is empty is shown as met
    for (const q of r.requirements.filter((x) => x.file === lab.files.cloudinit)) expect(q.passed, q.id).toBe(false);
  });

  it('a missing file fails every requirement on it, saying so', () => {
    const r = checkTask(task1, { [vmPath]: solved[vmPath] });
    const failed = r.requirements.filter((q) => !q.passed && !q.skipped);
    expect(failed.map((q) => [q.id, q.detail])).toEqual([
      ['1.1', 'labs/lab08/cloudinit-probe.yaml not found'],
      ['1.2', 'labs/lab08/cloudinit-probe.yaml not found'],
      // without its user data the guest serves nothing, so the liveness probe restarts the VM
      ['1.9', expect.stringMatching(/^simulated: restart at \d+ s$/)],
    ]);
  });

  it('broken YAML fails with the parse error position, never a crash', () => {
    const vm = solved[vmPath].replace('  template:\n', '  template:\n\t bad: [\n');
    const r = checkTask(task1, { ...solved, [vmPath]: vm });
    expect(r.passed).toBe(false);
    for (const q of r.requirements.filter((x) => x.file === vmPath && !x.skipped)) {
      expect(q.passed).toBe(false);
      expect(q.line).toBeGreaterThan(0);
    }
  });
});

describe('a folder holds the latest state', () => {
  it('a VM that satisfies a later task counts the earlier tasks on that file as done', () => {
    const final = stateAfter(lab, lab.tasks.length - 1);
    const r = checkLab(lab, final);
    expect(r.tasks.map((t) => [t.id, t.passed, t.doneBy ?? null])).toEqual([
      ['1', true, '5'],
      ['2', true, null],
      ['3', true, '5'],
      ['4', true, null],
      ['5', true, null],
      ['watchdog-example', true, null],
    ]);
    // task 1's own HTTP requirement is still reported as it is
    expect(r.tasks[0].requirements.find((q) => q.id === '1.6')?.passed).toBe(false);
    // the watchdog example is not a task: it does not mark progress
    expect(r.reached).toBe('5');
    expect(r.tasks.find((t) => t.id === 'watchdog-example')?.graded).toBe(false);
    expect([r.done, r.checked]).toEqual([5, 5]);
  });

  it('but not when the failing requirement is on a file the later task does not change', () => {
    const final = stateAfter(lab, 4);
    delete final[lab.files.cloudinit];
    const r = checkLab(lab, final);
    expect(r.tasks[0]).toMatchObject({ id: '1', passed: false });
    expect(r.tasks[0].doneBy).toBeUndefined();
  });

  it('shows how far a trainee got', () => {
    const r = checkLab(lab, stateAfter(lab, 1));
    expect(r.tasks.filter((t) => t.checked).map((t) => [t.id, t.passed])).toEqual([
      ['1', true],
      ['2', true],
      ['3', false],
      ['4', true],
      ['5', false],
      ['watchdog-example', false],
    ]);
    expect(r.reached).toBe('4');
    expect(r.done).toBe(3);
  });

  it('a shared cache gives the same results', () => {
    const cache = new CheckCache();
    const a = checkLab(lab, stateAfter(lab, 2), { cache });
    const b = checkLab(lab, stateAfter(lab, 2), { cache });
    expect(b).toEqual(a);
    expect(a).toEqual(checkLab(lab, stateAfter(lab, 2)));
  });
});
