// Derived exercises (exercises/derive.ts) on kvlab's own Kubernetes basics and KubeVirt lab
// trainings: how many tasks get an editor and a check out of how many write a file,
// every reference passes its own check and every start state fails it; plus the rules on a small
// page of its own (fragments are never an editor, type-aware values, metadata.name only when the
// page names it, "start with"). KVLAB_REAL_TRAINING=DIR and KVLAB_REAL_BASICS=DIR (e.g. a clone of
// acend's Kubernetes Basics) run the generic properties on trainings kept outside the repository
// too (skipped when unset) and print their counts.
import '../../../validators/load-all.ts';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadTraining } from '../../../engine/load-fs.ts';
import { renderShortcodes } from '../../../engine/shortcodes.ts';
import { checkTask, CheckCache } from '../../../exercises/check.ts';
import { blockShape, changedFields, deriveLab, labIds } from '../../../exercises/derive.ts';
import { trainingLabs, type TrainingLab } from '../../../exercises/exercises-fs.ts';
import { resolveLab } from '../../../exercises/resolve.ts';
import type { ResolvedTask } from '../../../exercises/types.ts';
import { root } from './lab.ts';

const labsOf = (dir: string) => trainingLabs(loadTraining(isAbsolute(dir) ? dir : join(root, dir)));
const KVLAB = 'tests/fixtures/kubevirt-lab-training';
const BASICS = 'tests/fixtures/k8s-basics-training';
const reals = [process.env.KVLAB_REAL_TRAINING, process.env.KVLAB_REAL_BASICS].filter((d): d is string => !!d);
const tasksOf = (labs: TrainingLab[]) => labs.flatMap((l) => l.lab.tasks);
const writing = (t: ResolvedTask) => !!t.writes?.length;
const checked = (t: ResolvedTask) => t.checkedBy === 'requirements' && t.files.length > 0;

/** Every checked task: its reference passes, its start fails (the folder as the lab left it before). */
function selfCheck(labs: TrainingLab[]): string[] {
  const problems: string[] = [];
  const cache = new CheckCache();
  const state: Record<string, string> = {};
  for (const l of labs) {
    for (const t of l.lab.tasks) {
      if (!checked(t)) continue;
      const before = { ...state };
      for (const f of t.files) {
        if (f.start === '') delete before[f.path];
        else before[f.path] = f.start;
      }
      const after = { ...state };
      for (const f of t.files) after[f.path] = f.solution;
      const done = checkTask(t, after, { cache, simulate: false });
      const fails = done.requirements.filter((r) => !r.passed && !r.skipped);
      if (!done.passed) problems.push(`${l.page.slug} Task ${t.number}: reference fails ${fails.map((r) => `${r.text} [${r.detail}]`).join('; ')}`);
      if (checkTask(t, before, { cache, simulate: false }).passed) problems.push(`${l.page.slug} Task ${t.number}: start passes`);
      Object.assign(state, after);
    }
  }
  return problems;
}

describe('derived exercises on the trainings kept as fixtures', () => {
  it("kvlab's Kubernetes basics: every task that writes a file (5 of 12) gets an editor and a check", () => {
    const tasks = tasksOf(labsOf(BASICS));
    expect(tasks.length).toBe(12);
    expect(tasks.filter(writing).length).toBe(5);
    expect(tasks.filter((t) => writing(t) && checked(t)).length).toBe(5);
    expect(tasks.filter(checked).map((t) => t.files.map((f) => f.path).join(','))).toEqual(['deployment-hello-web.yaml', 'deployment-hello-web.yaml', 'svc-hello-web.yaml', 'ing-hello-web.yaml', 'svc-hello-web.yaml']);
    // an edit starts where the earlier task ended and asks only for what changes; a placeholder host is never asked for
    const labs = labsOf(BASICS);
    const lab = (slug: string) => labs.find((l) => l.page.slug === slug)!.lab.tasks;
    const asked = (t: ResolvedTask) => t.requirements.filter((q) => q.kind !== 'validatesClean').map((q) => q.path);
    const [deploy, , scale] = lab('docs/deployments');
    expect(scale.files[0].start).toBe(deploy.files[0].solution);
    expect(asked(scale)).toEqual(['spec.replicas']);
    const [svc, ing, nodePort] = lab('docs/exposing-a-service');
    expect(nodePort.files[0].start).toBe(svc.files[0].solution);
    expect(asked(nodePort)).toEqual(['spec.type']);
    expect(asked(ing)).not.toContain('spec.rules[0].host');
    expect(asked(ing)).toContain('spec.rules[0].http.paths[0].backend.service.name');
  });

  it("kvlab's KubeVirt lab training: 15 of the 16 tasks that write a file (18 tasks) get an editor and a check", () => {
    const labs = labsOf(KVLAB);
    const tasks = tasksOf(labs);
    expect(tasks.length).toBe(18);
    expect(tasks.filter(writing).length).toBe(16);
    expect(tasks.filter((t) => writing(t) && checked(t)).length).toBe(15);
    // a task that is not checked says why: the one writing a file shows only a fragment of it
    expect(tasks.filter((t) => !checked(t)).every((t) => t.note && t.note.length > 10)).toBe(true);
    expect(tasks.filter((t) => writing(t) && !checked(t)).map((t) => [t.number, t.note])).toEqual([['5.1.3', expect.stringMatching(/^vm_lab01-first\.yaml: .*fragment/)]]);
    // files from the sentences, with params substituted and the folder from the text
    const paths = new Set(tasks.flatMap((t) => t.files.map((f) => f.path)));
    for (const p of ['labs/lab01/vm_lab01-first.yaml', 'labs/lab01/cloudinit-userdata.yaml', 'labs/lab02/dv_lab02-cirros.yaml', 'labs/lab03/vmim_lab03-mover.yaml', 'labs/lab04/sizes_lab04.yaml', 'labs/lab04/vmirs_lab04-cirros.yaml', 'labs/lab04/hpa_lab04-cirros.yaml', 'labs/lab05/ing_lab05-web.yaml']) expect(paths).toContain(p);
    expect(paths.size).toBe(14);
  });

  it('every reference passes its own check and every start state fails it, on both trainings', () => {
    expect(selfCheck(labsOf(BASICS))).toEqual([]);
    expect(selfCheck(labsOf(KVLAB))).toEqual([]);
  });

  it('no illustrative fragment is ever an editor file, and a later task starts where the earlier one ended', () => {
    const labs = labsOf(KVLAB);
    for (const t of tasksOf(labs)) for (const f of t.files) for (const text of [f.start, f.solution]) expect(text).not.toMatch(/\[\.\.\.\]/);
    // the memory task edits the file the first task wrote
    const vm = labs.find((l) => l.page.slug === 'docs/first-vm/create-vm')!.lab.tasks;
    expect(vm[2].files.map((f) => f.path)).toEqual(['labs/lab01/vm_lab01-first.yaml']);
    expect(vm[2].files[0].start).toBe(vm[0].files[0].solution);
    expect(vm[2].files[0].solution).toContain('memory: 256Mi');
    // "start with" the empty DataVolume: the import asks only for what differs from it
    const dv = labs.find((l) => l.page.slug === 'docs/disks/import-disk')!.lab.tasks[0];
    expect(dv.files[0].start).toContain('blank: {}');
    expect(dv.requirements.filter((q) => q.kind !== 'validatesClean').map((q) => q.path)).toEqual(['spec.source.http.url', 'spec.source.blank', 'spec.storage.resources.requests.storage']);
  });

  it('gives labs that share a labfoldernumber their slug as id', () => {
    const ids = labIds([
      { slug: 'a/one', frontMatter: { labfoldernumber: '01' } },
      { slug: 'a/two', frontMatter: { labfoldernumber: '01' } },
      { slug: 'probes', frontMatter: { labfoldernumber: '08' } },
      { slug: 'intro', frontMatter: {} },
    ]);
    expect([...ids.values()]).toEqual(['a/one', 'a/two', '08', 'intro']);
  });
});

describe.skipIf(!reals.length)('derived exercises on real trainings outside the repository (KVLAB_REAL_TRAINING, KVLAB_REAL_BASICS)', () => {
  it.each(reals)('%s: every reference passes its own check and every start state fails it', (real) => {
    const labs = labsOf(real);
    const tasks = tasksOf(labs);
    console.log(`${real}: ${labs.length} labs, ${tasks.length} tasks, ${tasks.filter(writing).length} write a file, ${tasks.filter((t) => writing(t) && checked(t)).length} of them get an editor and a check`);
    expect(tasks.filter((t) => !checked(t)).every((t) => t.note && t.note.length > 10)).toBe(true);
    expect(selfCheck(labs)).toEqual([]);
  });
});

const page = (md: string) => renderShortcodes({ source: md, file: 'lab.md', params: { labsfoldername: 'labs' }, pageParams: {}, enabledModules: [], taskSlots: false });
const fence = (text: string, lang = 'yaml') => '```' + lang + '\n' + text + '\n```';
const svc = (port: unknown, name = 'web') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports:\n  - port: ${port}\n  selector:\n    app: web`;

describe('deriveLab on a page of its own', () => {
  it('reads file, folder and content from the sentence; metadata.name only when the page names it; type-aware', () => {
    const r = page(`## {{% task %}} Service\n\nCreate a file called \`svc.yaml\` in the folder \`labs/lab09\` with the following content:\n\n${fence(svc(8081))}\n`);
    const { lab } = deriveLab({ slug: 'x', tasks: r.tasks, codeBlocks: r.codeBlocks });
    const t = lab.tasks[0];
    expect(t.files.map((f) => [f.path, f.start])).toEqual([['labs/lab09/svc.yaml', '']]);
    expect(t.requirements.map((q) => q.path ?? q.kind)).not.toContain('metadata.name'); // "web" appears nowhere else: the trainee's choice
    const ok = checkTask(t, { 'labs/lab09/svc.yaml': svc(8081, 'mine') }, { simulate: false });
    expect(ok.passed).toBe(true);
    const quoted = checkTask(t, { 'labs/lab09/svc.yaml': svc('"8081"') }, { simulate: false });
    expect(quoted.passed).toBe(false);
    expect(quoted.requirements.filter((q) => !q.passed).map((q) => q.detail).join('\n')).toContain('found the string "8081"');
    // named by a command: now it is required
    const named = page(`## {{% task %}} Service\n\nCreate a file \`svc.yaml\` in folder \`labs\`:\n\n${fence(svc(80))}\n\n${fence('kubectl get service web', 'bash')}\n`);
    expect(deriveLab({ slug: 'x', tasks: named.tasks, codeBlocks: named.codeBlocks }).lab.tasks[0].requirements.some((q) => q.path === 'metadata.name')).toBe(true);
  });

  it('"start with" a block and a Solution: only the fields that differ are asked for', () => {
    const md = `## {{% task %}} Port\n\nCreate a file \`svc.yaml\` in the folder \`labs\` and start with:\n\n${fence(svc(80))}\n\nChange the port to 8081.\n\n{{% details title="Solution" %}}\n${fence(svc(8081))}\n{{% /details %}}\n`;
    const r = page(md);
    const t = deriveLab({ slug: 'x', tasks: r.tasks, codeBlocks: r.codeBlocks }).lab.tasks[0];
    expect(t.files[0].start).toBe(`${svc(80)}\n`);
    expect(t.requirements.filter((q) => q.kind !== 'validatesClean').map((q) => [q.kind, q.path, q.value])).toEqual([['equals', 'spec.ports[0].port', 8081]]);
  });

  it('an illustrative fragment is never an editor: the task is not checked, with the reason', () => {
    const r = page(`## {{% task %}} Edit\n\nAdd the following to the file \`vm.yaml\` in the folder \`labs\`:\n\n${fence('[...]\nspec:\n  running: true\n[...]')}\n`);
    const t = deriveLab({ slug: 'x', tasks: r.tasks, codeBlocks: r.codeBlocks }).lab.tasks[0];
    expect(t.checkedBy).toBe('none');
    expect(t.files).toEqual([]);
    expect(t.note).toMatch(/vm\.yaml: .*fragment/);
    expect(blockShape('kind: X\n# …\n').kind).toBe('fragment');
    expect(blockShape('spec:\n  a: 1\n')).toMatchObject({ kind: 'fragment', why: expect.stringMatching(/no complete manifest/) });
  });

  it('changedFields compares by type and pairs list items by name', () => {
    expect(changedFields({ a: { b: 1, c: 2 } }, { a: { b: '1', c: 2 } })).toEqual([{ path: 'a.b', kind: 'equals', value: '1' }]);
    expect(changedFields({ l: [{ name: 'x', v: 1 }] }, { l: [{ name: 'x', v: 2 }, { name: 'y', v: 3 }] }).map((c) => c.path)).toEqual(['l[name=x].v', 'l[name=y].v']);
    expect(changedFields({ k: 1, gone: true }, { k: 1 })).toEqual([{ path: 'gone', kind: 'absent' }]);
  });

  it('prints in the exercise-file format, and that file resolves to the same checks', () => {
    const md = `## {{% task %}} Port\n\nCreate a file \`svc.yaml\` in the folder \`labs\` and start with:\n\n${fence(svc(80))}\n\n{{% details title="Solution" %}}\n${fence(svc(8081))}\n{{% /details %}}\n\n## {{% task %}} Look\n\nRun it.\n`;
    const r = page(md);
    const derived = deriveLab({ slug: 'x', tasks: r.tasks, codeBlocks: r.codeBlocks });
    const again = resolveLab(stringify(derived.spec), r, {});
    const strip = (t: ResolvedTask) => ({ files: t.files.map(({ path, start, solution }) => ({ path, start, solution })), reqs: t.requirements.map(({ kind, path, value, file, text }) => ({ kind, path, value, file, text })), checkedBy: t.checkedBy });
    expect(again.tasks.map(strip)).toEqual(derived.lab.tasks.map(strip));
  });
});
