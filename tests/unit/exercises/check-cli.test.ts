// `kvlab check` end to end over real folders: one trainee's working folder, a class folder,
// seeded mistakes (one trainee per requirement), every format, bad input → exit 2.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { kvlabCheck } from './run-check.ts';
import { probesLab, root, seedMistake, stateAfter, writeFolder } from './lab.ts';
import { xsdErrors } from './xsd.ts';

const lab = probesLab();
let tmp: string;
let klass: string;
let mistakes: string;
const seeded = new Map<string, { task: string; req: string; text: string; fileText: string; marker: RegExp }>();

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kvlab-check-'));
  klass = join(tmp, 'class');
  writeFolder(join(klass, 'complete'), stateAfter(lab, lab.tasks.length - 1));
  writeFolder(join(klass, 'halfway'), stateAfter(lab, 1));
  mkdirSync(join(klass, 'nothing', 'labs'), { recursive: true });
  mistakes = join(tmp, 'mistakes');
  lab.tasks.forEach((t, ti) =>
    t.requirements.forEach((r) => {
      if (r.kind === 'behaviour') return;
      const files = stateAfter(lab, ti);
      const m = seedMistake(r, files[r.file]);
      files[r.file] = m.text;
      const user = `mistake-${r.id}`;
      writeFolder(join(mistakes, user), files);
      seeded.set(user, { task: t.id, req: r.id, text: r.text, fileText: m.text, marker: m.marker });
    }),
  );
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

afterEach(() => vi.restoreAllMocks());

interface JsonReport {
  trainees: { user: string; reached: string | null; tasks: { id: string; title: string; passed: boolean; checked: boolean; graded?: boolean; doneBy?: string; requirements: { text: string; passed: boolean; skipped?: boolean; file: string | null; line: number | null }[] }[] }[];
}

describe('kvlab check', () => {
  it("passes every task of a folder built from the lab's solutions (exit 0)", async () => {
    const r = await kvlabCheck('--lab', '08', '--dir', join(klass, 'complete'));
    expect(r.code).toBe(0);
    // the watchdog example is reported apart, not as a sixth task
    expect(r.out).toMatch(/^complete: 5 of 5 checked tasks done, reached Task 8.5\n/);
    expect(r.out).toContain('  EXAMPLE  Watchdog example (not graded): done\n');
    expect(r.out).not.toMatch(/FAIL/);
    expect(r.out).toContain('  PASS  Task 8.1: Define a HTTP liveness probe (done: Task 8.5 passes on the same file)\n');
  });

  it('takes the lab by slug as well, and names a single trainee with --user', async () => {
    const r = await kvlabCheck('--lab', 'probes', '--dir', join(klass, 'complete'), '--user', 'alice', '--format', 'json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as JsonReport).trainees.map((t) => t.user)).toEqual(['alice']);
  });

  it('reports a class folder, one trainee per sub-folder, and exits 1 when some task is not done', async () => {
    const r = await kvlabCheck('--lab', '08', '--dir', klass, '--format', 'json');
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.out) as JsonReport;
    expect(rep.trainees.map((t) => [t.user, t.reached])).toEqual([
      ['complete', '5'],
      ['halfway', '4'],
      ['nothing', null],
    ]);
    const halfway = rep.trainees[1].tasks.map((t) => [t.id, t.passed]);
    expect(halfway).toEqual([['1', true], ['2', true], ['3', false], ['4', true], ['5', false], ['watchdog-example', false]]);
    const missing = rep.trainees[2].tasks[0].requirements[0];
    expect(missing).toMatchObject({ passed: false, file: 'labs/lab08/cloudinit-probe.yaml', line: null });
  });

  it('--user picks one trainee of a class and --task one task', async () => {
    const r = await kvlabCheck('--lab', '08', '--dir', klass, '--user', 'halfway', '--task', '3', '--format', 'json');
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.out) as JsonReport;
    expect(rep.trainees.map((t) => [t.user, t.tasks.map((x) => x.id)])).toEqual([['halfway', ['3']]]);
    expect((await kvlabCheck('--lab', '08', '--dir', klass, '--user', 'halfway', '--task', '2')).code).toBe(0);
  });

  it('one seeded mistake per requirement: exactly that requirement fails, with its sentence and position', async () => {
    const r = await kvlabCheck('--lab', '08', '--dir', mistakes, '--format', 'json');
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.out) as JsonReport;
    expect(rep.trainees.length).toBe(seeded.size);
    expect(seeded.size).toBeGreaterThan(35);
    for (const t of rep.trainees) {
      const s = seeded.get(t.user)!;
      const task = t.tasks.find((x) => x.id === s.task)!;
      const failed = task.requirements.filter((q) => !q.passed && !q.skipped);
      // behaviour requirements follow from the fields (a probe on another port does restart);
      // they have their own mistakes in behaviour tests
      const behaviourTexts = new Set(lab.tasks.flatMap((x) => x.requirements).filter((q) => q.kind === 'behaviour').map((q) => q.text));
      // a mistake the cluster also rejects fails the file's validation requirement, which
      // points back at this one
      const structural = failed.filter((q) => !behaviourTexts.has(q.text) && !(q.text !== s.text && /see the failed requirement on/.test((q as { detail?: string }).detail ?? '')));
      expect(structural.map((q) => q.text), t.user).toEqual([s.text]);
      expect(s.fileText.split('\n')[structural[0].line! - 1], t.user).toMatch(s.marker);
      expect(task.passed, t.user).toBe(false);
    }
  });

  it('JUnit validates against the JUnit XSD and its counts match the JSON report', async () => {
    const json = JSON.parse((await kvlabCheck('--lab', '08', '--dir', klass, '--format', 'json')).out) as JsonReport;
    const junit = await kvlabCheck('--lab', '08', '--dir', klass, '--format', 'junit');
    expect(junit.code).toBe(1);
    expect(await xsdErrors(junit.out)).toEqual([]);
    const suites = [...junit.out.matchAll(/<testsuite [^>]* name="([^"]+)"[^>]*tests="(\d+)" failures="(\d+)" errors="0" skipped="(\d+)"/g)].map((m) => [m[1], +m[2], +m[3], +m[4]]);
    const graded = (x: { graded?: boolean }) => x.graded !== false;
    expect(suites).toEqual(
      json.trainees.map((t) => [t.user, t.tasks.length, t.tasks.filter((x) => x.checked && !x.passed && graded(x)).length, t.tasks.filter((x) => !x.checked || !graded(x)).length]),
    );
    expect((junit.out.match(/<testcase /g) ?? []).length).toBe(json.trainees.reduce((n, t) => n + t.tasks.length, 0));
    expect((junit.out.match(/<failure /g) ?? []).length).toBe(json.trainees.reduce((n, t) => n + t.tasks.filter((x) => x.checked && !x.passed && graded(x)).length, 0));
    expect(junit.out).toMatch(/<skipped message="not graded \(an example\): not done \(\d+ of \d+ requirements not met\)"\/>/);
  });

  it('checks against the variant the trainees follow', async () => {
    const tol = probesLab('tolerations');
    expect(tol.tasks[0].files[1].solution).toContain('tolerations:');
    expect(lab.tasks[0].files[1].solution).not.toContain('tolerations:');
    const dir = join(tmp, 'tol');
    writeFolder(join(dir, 'labs', '..'), stateAfter(tol, tol.tasks.length - 1));
    const r = await kvlabCheck('--lab', '08', '--dir', dir, '--variant', 'tolerations');
    expect(r.code).toBe(0);
  });

  it.each([
    [['--lab', '08'], /missing --dir/],
    [['--lab', '08', '--dir', '/nonexistent/kvlab'], /--dir \/nonexistent\/kvlab: no such folder/],
    // the labs that have exercises, no empty entry for the home page
    [['--lab', '99', '--dir', '.'], /no lab "99" in content; labs: probes \(08\)$/m],
    [['--lab', '08', '--dir', '.', '--variant', 'nope'], /unknown --variant "nope"|variant/],
    [['--lab', '08', '--dir', '.', '--task', '9'], /no task "9" in lab 08; tasks: 1, 2, 3, 4, 5, watchdog-example/],
    [['--lab', '08', '--dir', '.', '--format', 'xml'], /unknown --format "xml"/],
  ])('bad input %j → exit 2 with a clear message', async (argv, message) => {
    const r = await kvlabCheck(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('exits 2 for a folder with no trainee in it, and for an unknown --user', async () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty, { recursive: true });
    expect((await kvlabCheck('--lab', '08', '--dir', empty)).err).toMatch(/holds neither labs\/ \(one trainee's working folder\) nor trainee sub-folders/);
    expect((await kvlabCheck('--lab', '08', '--dir', klass, '--user', 'zoe')).code).toBe(2);
  });

  it('an example (graded: false) is reported apart and never fails the class', async () => {
    // two trainees who did every task, neither ran the watchdog example (the page says not to)
    const dir = join(tmp, 'no-example');
    const done = stateAfter(lab, 4);
    writeFolder(join(dir, 'ann'), done);
    writeFolder(join(dir, 'ben'), done);
    expect(lab.tasks.find((t) => t.id === 'watchdog-example')?.graded).toBe(false);
    const r = await kvlabCheck('--lab', '08', '--dir', dir);
    expect(r.out).toMatch(/^ann: 5 of 5 checked tasks done, reached Task 8.5$/m);
    expect(r.out).toMatch(/^ {2}EXAMPLE {2}Watchdog example \(not graded\): not done \(\d+ of \d+ requirements not met\)$/m);
    expect(r.out).not.toMatch(/FAIL/);
    expect(r.out.trimEnd().split('\n').pop()).toBe('2 trainees, 10 tasks: 10 done, 0 failed; 2 examples (not graded): 0 done');
    expect(r.code).toBe(0);
    const json = JSON.parse((await kvlabCheck('--lab', '08', '--dir', dir, '--format', 'json')).out) as JsonReport;
    expect(json.trainees[0].tasks.find((t) => t.id === 'watchdog-example')).toMatchObject({ graded: false, passed: false, checked: true });
    // asked for on its own, it does not fail either
    expect((await kvlabCheck('--lab', '08', '--dir', dir, '--task', 'watchdog-example')).code).toBe(0);
  });

  it('as a process: the exit status is the result', () => {
    const node = process.execPath;
    const p = (dir: string) => spawnSync(node, [join(root, 'scripts', 'kvlab.mjs'), 'check', '--lab', '08', '--dir', dir], { cwd: root, encoding: 'utf8' });
    expect(p(join(klass, 'complete')).status).toBe(0);
    const half = p(join(klass, 'halfway'));
    expect(half.status).toBe(1);
    expect(half.stdout).toContain('  FAIL  Task 8.3: Change the HTTP liveness probe to TCP\n');
    expect(spawnSync(node, [join(root, 'scripts', 'kvlab.mjs'), 'check', '--lab'], { cwd: root, encoding: 'utf8' }).status).toBe(2);
  });
});
