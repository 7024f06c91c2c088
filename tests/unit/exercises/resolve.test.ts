// resolveLab on a small page of its own: defaults (start = previous solution, solution = the
// task's Solution block), selectors, params and {{user}} in templates, and its errors.
import { describe, expect, it } from 'vitest';
import { ExerciseError, resolveLab, resolveLabDetailed, type PageRenderLike } from '../../../exercises/resolve.ts';

const block = (index: number, text: string, taskId: string | undefined, details?: string, lang = 'yaml') => ({
  index,
  lang,
  text,
  line: 10 * (index + 1),
  sourceLines: text.split('\n').map((_, i) => 10 * (index + 1) + 1 + i),
  taskId,
  ...(details ? { details } : {}),
});
const page: PageRenderLike = {
  tasks: [
    { id: '1', number: '3.1', title: 'First', anchor: 'task-1', line: 5, bullets: [] },
    { id: '2', number: '3.2', title: 'Second', anchor: 'task-2', line: 50, bullets: [] },
  ],
  codeBlocks: [
    block(0, 'kind: Given\nname: lab03-x', '1'),
    block(1, 'kubectl apply -f x', '1', undefined, 'bash'),
    block(2, 'kind: Given\nname: lab03-x\nport: 1', '1', 'Task hint: Solution'),
    block(3, 'kind: Given\nname: lab03-x\nport: 2', '2', 'Task hint: Solution'),
    block(4, 'kind: Extra', undefined),
  ],
};
const params = { labsfoldername: 'labs', labsubfolderprefix: 'lab', labfoldernumber: '03' };
const ex = (tasks: string, files = '  f: "{{labsfoldername}}/{{labsubfolderprefix}}{{labfoldernumber}}/{{user}}-x.yaml"') => `lab: { slug: three }\nfiles:\n${files}\ntasks:\n${tasks}`;
const req = '    requirements: [{ text: "Set the port.", file: f, equals: port, value: 1 }]\n';

describe('resolveLab', () => {
  it('takes starts from the task text or the previous solution, and solutions from Solution blocks', () => {
    const lab = resolveLab(
      ex(`  - id: "1"\n    files: [{ file: f, start: { block: { details: false, lang: yaml } } }]\n${req}  - id: "2"\n    files: [{ file: f }]\n${req}  - id: extra\n    title: Extra part\n    files: [{ file: f, start: empty, solution: { block: { contains: "Extra" } } }]\n${req}`),
      page,
      params,
    );
    expect(lab.lab).toEqual({ slug: 'three', labfoldernumber: '03' });
    expect(lab.files).toEqual({ f: 'labs/lab03/{{user}}-x.yaml' });
    expect(lab.tasks.map((t) => [t.id, t.number ?? null, t.title, t.files[0].start, t.files[0].solution])).toEqual([
      ['1', '3.1', 'First', 'kind: Given\nname: lab03-x\n', 'kind: Given\nname: lab03-x\nport: 1\n'],
      ['2', '3.2', 'Second', 'kind: Given\nname: lab03-x\nport: 1\n', 'kind: Given\nname: lab03-x\nport: 2\n'],
      ['extra', null, 'Extra part', '', 'kind: Extra\n'],
    ]);
    expect(lab.tasks[1].files[0].solutionSource).toEqual({ line: 40, sourceLines: [41, 42, 43] });
    expect(lab.tasks[0].requirements[0]).toMatchObject({ id: '1.1', kind: 'equals', path: 'port', value: 1, file: 'labs/lab03/{{user}}-x.yaml' });
  });

  it('substitutes params in requirement sentences and values, and a given user', () => {
    const lab = resolveLab(
      ex(`  - id: "1"\n    files: [{ file: f, start: empty }]\n    requirements: [{ text: "Name it {{labsubfolderprefix}}{{labfoldernumber}}-x.", file: f, equals: name, value: "{{labsubfolderprefix}}{{labfoldernumber}}-x" }]\n  - id: "2"\n    changes: none\n    checkedBy: none\n    note: nothing to check\n`),
      page,
      { ...params, user: 'alice' },
    );
    expect(lab.files.f).toBe('labs/lab03/alice-x.yaml');
    expect(lab.tasks[0].requirements[0]).toMatchObject({ text: 'Name it lab03-x.', value: 'lab03-x' });
    expect(lab.tasks[1]).toMatchObject({ changesFiles: false, checkedBy: 'none', note: 'nothing to check', files: [] });
  });

  it('reports what does not resolve, each at its place in the exercise file', () => {
    const text = ex(
      `  - id: "1"\n    files: [{ file: f, start: { block: { lang: yaml } } }]\n${req}  - id: "9"\n    files: [{ file: g }]\n${req}`,
      '  f: "{{labsfolder}}/x.yaml"',
    );
    const out = resolveLabDetailed(text, page, params, { file: 'three.yaml' });
    expect(out.diagnostics.map((d) => `${d.line}:${d.column}: ${d.severity}: ${d.message}`)).toEqual([
      '3:6: error: files.f: unknown param "labsfolder" in path template (site params: labfoldernumber, labsfoldername, labsubfolderprefix)',
      '6:31: error: 2 code blocks match {"lang":"yaml","task":"1"} (page lines 10, 30); add "contains" or "details" to pick one',
      '8:9: error: the page has no task "9" (its tasks: 1, 2); give a "title" for an exercise that is not a numbered task',
      '9:21: error: unknown file "g"; the exercise\'s files are: f',
      '9:13: error: 2 code blocks match {"details":"Task hint: Solution","lang":"yaml"} (page lines 30, 40); add "contains" or "details" to pick one',
      '5:3: warning: the page\'s task 3.2 ("Second") has no exercise; add one with id "2" (or changes: none)',
    ]);
    expect(() => resolveLab(text, page, params, { file: 'three.yaml' })).toThrow(ExerciseError);
    expect(() => resolveLab(text, page, params, { file: 'three.yaml' })).toThrow(/^three\.yaml:3:6: files\.f: unknown param "labsfolder"/);
  });

  it('a task must change files or say it does not', () => {
    const out = resolveLabDetailed(ex(`  - id: "1"\n${req}  - id: "2"\n    changes: none\n    checkedBy: behaviour\n`), page, params);
    expect(out.diagnostics.map((d) => d.message)).toEqual([
      'task "1" lists no files; a task that changes no file says "changes: none" and "checkedBy: behaviour|none"',
      'task "2" is checkedBy behaviour but has no behaviour requirement',
    ]);
  });
});
