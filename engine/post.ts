// After shortcode expansion: find the page's task headings (label + anchor + title + bullet
// list), its fenced code blocks (language, text, original source line of each line, the task
// and details disclosure holding it), and put the editor slot after each task's section.
import type { Out } from './out.ts';
import type { CodeBlock, Diagnostic, RenderInput, TaskInfo } from './types.ts';

const MARK = /\uE000(\d+)\|([^\uE001]*)\uE001/;
const FENCE_OPEN = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;

export interface PostResult {
  markdown: string;
  tasks: TaskInfo[];
  codeBlocks: CodeBlock[];
}

export function postProcess(out: Out, input: RenderInput, taskLines: number[], diagnostics: Diagnostic[]): PostResult {
  const lines = out.text().split('\n');
  const src = out.lines;
  const tasks: (TaskInfo & { at: number; level: number; end: number })[] = [];
  const codeBlocks: CodeBlock[] = [];
  const details: string[] = [];
  const headings: { at: number; level: number }[] = [];
  const bulletsAt: { at: number; text: string; line: number; inDetails: boolean }[] = [];
  const proseAt: { at: number; text: string; line: number; details?: string }[] = [];

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      const indent = fence[1].length;
      const marker = fence[2];
      const body: string[] = [];
      const bodyLines: number[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const close = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(lines[j]);
        if (close && close[1][0] === marker[0] && close[1].length >= marker.length) break;
        body.push(lines[j].replace(new RegExp(`^[ \\t]{0,${indent}}`), ''));
        bodyLines.push(src[j]);
      }
      codeBlocks.push({
        lang: fence[3] ?? '',
        text: body.join('\n'),
        line: src[i],
        sourceLines: bodyLines,
        details: details.length ? details[details.length - 1] : undefined,
        index: codeBlocks.length,
      });
      (codeBlocks[codeBlocks.length - 1] as CodeBlock & { at?: number }).at = i;
      i = j;
      continue;
    }
    if (line.trim()) proseAt.push({ at: i, text: line, line: src[i], ...(details.length ? { details: details[details.length - 1] } : {}) });
    const open = /^<details class="kvlab-details" data-title="([^"]*)">/.exec(line);
    if (open) details.push(unescape(open[1]));
    else if (/^<\/details>/.test(line)) details.pop();
    const h = HEADING.exec(line);
    if (h) headings.push({ at: i, level: h[1].length });
    const m = MARK.exec(line);
    if (m) {
      const id = m[1];
      const label = `Task ${m[2]}:`;
      const rest = line.slice(m.index + m[0].length);
      const title = (h ? rest.replace(/[ \t#]*$/, '') : rest).trim();
      lines[i] = line.slice(0, m.index) + `<span class="kvlab-task-label" data-task-id="${id}">${label}</span>` + rest;
      if (!h) {
        diagnostics.push({ file: input.file, line: taskLines[Number(id) - 1] ?? src[i], column: 1, severity: 'warning', message: `{{% task %}} outside a heading: write it at the start of a heading, e.g. "## {{% task %}} Title"` });
      }
      tasks.push({ id, number: m[2], title, anchor: `task-${id}`, line: taskLines[Number(id) - 1] ?? src[i], bullets: [], prose: [], at: i, level: h ? h[1].length : 6, end: lines.length });
      continue;
    }
    const b = /^[ \t]*[*-][ \t]+(.+?)[ \t]*$/.exec(line);
    if (b && /:\s*`[^`]*`/.test(b[1])) bulletsAt.push({ at: i, text: b[1], line: src[i], inDetails: details.length > 0 });
  }

  // A task's section runs to the next heading of its level or higher.
  for (const t of tasks) {
    const next = headings.find((h) => h.at > t.at && h.level <= t.level);
    t.end = next ? next.at : lines.length;
    t.bullets = bulletsAt.filter((b) => b.at > t.at && b.at < t.end && !b.inDetails).map(({ text, line }) => ({ text, line }));
  }
  // A line belongs to the innermost task around it (a "### Task" inside a "## Task" section).
  const taskAt = (at: number) => [...tasks].reverse().find((t) => at > t.at && at < t.end);
  for (const t of tasks) t.prose = proseAt.filter((p) => taskAt(p.at) === t).map(({ at: _at, ...p }) => p);
  for (const cb of codeBlocks as (CodeBlock & { at?: number })[]) {
    const task = taskAt(cb.at!);
    if (task) cb.taskId = task.id;
    delete cb.at;
  }

  // Editor slots after each task's section (before the heading that ends it).
  let markdown: string;
  if (input.taskSlots === false || tasks.length === 0) markdown = lines.join('\n');
  else {
    const slotsAt = new Map<number, string[]>();
    for (const t of tasks) slotsAt.set(t.end, [...(slotsAt.get(t.end) ?? []), t.id]);
    const outLines: string[] = [];
    for (let i = 0; i <= lines.length; i++) {
      for (const id of slotsAt.get(i) ?? []) outLines.push('', `<div class="kvlab-task-slot" data-task-id="${id}"></div>`, '');
      if (i < lines.length) outLines.push(lines[i]);
    }
    markdown = outLines.join('\n');
  }
  return {
    markdown,
    tasks: tasks.map(({ id, number, title, anchor, line, bullets, prose }) => ({ id, number, title, anchor, line, bullets, prose })),
    codeBlocks,
  };
}

function unescape(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
