// Output formats of `kvlab check`: one interface (write one trainee's report, then flush the
// whole text) and a factory that picks text, json or junit by name and refuses anything else.
// The checker returns data; only these decide how it looks.
import type { LabResult, TaskResult } from '../../exercises/check.ts';
import { escapeControl as e } from './terminal-text.ts';

export interface TraineeReport {
  user: string;
  result: LabResult;
  /** Time spent checking this trainee, for JUnit's time attribute. */
  timeMs?: number;
}

export interface CheckOutput {
  write(report: TraineeReport): void;
  /** The complete output (ends with a newline). */
  flush(): string;
}

export interface OutputOptions {
  /** Lab number as its folder shows it ("08"), for labels and JUnit package names. */
  lab: string;
  /** JUnit: ISO 8601 without zone, e.g. 2026-11-25T21:00:00 (default: now, UTC). */
  timestamp?: string;
  /** JUnit: the host name attribute (default: localhost). */
  hostname?: string;
}

export const FORMATS = ['text', 'json', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export function createOutput(format: string, opts: OutputOptions): CheckOutput {
  switch (format) {
    case 'text':
      return new TextOutput();
    case 'json':
      return new JsonOutput();
    case 'junit':
      return new JunitOutput(opts);
    default:
      throw new Error(`unknown format "${format}"; use one of: ${FORMATS.join(', ')}`);
  }
}

export function taskLabel(t: Pick<TaskResult, 'id' | 'number' | 'title'>): string {
  return t.number ? `Task ${t.number}: ${t.title}` : t.title;
}

function where(r: { file?: string; line?: number; column?: number }): string {
  if (!r.file) return '';
  return `${r.file}${r.line ? `:${r.line}${r.column ? `:${r.column}` : ''}` : ''}`;
}

/** An example (graded: false) is reported apart: neither done nor failed. */
const isExample = (t: TaskResult) => t.graded === false;

function exampleStatus(t: TaskResult): string {
  if (!t.checked) return 'not checked';
  if (t.passed) return 'done';
  const n = t.requirements.filter((r) => !r.passed && !r.skipped).length;
  return `not done (${n} of ${t.requirements.length} requirements not met)`;
}

function counts(reports: TraineeReport[]) {
  let done = 0;
  let failed = 0;
  let unchecked = 0;
  let examples = 0;
  let examplesDone = 0;
  for (const r of reports)
    for (const t of r.result.tasks) {
      if (isExample(t)) {
        examples++;
        if (t.checked && t.passed) examplesDone++;
      } else if (!t.checked) unchecked++;
      else if (t.passed) done++;
      else failed++;
    }
  return { done, failed, unchecked, tasks: done + failed + unchecked, examples, examplesDone };
}

/** Text for a terminal: every string from the input (user names, files, findings) escaped. */
class TextOutput implements CheckOutput {
  private lines: string[] = [];
  private reports: TraineeReport[] = [];

  write(report: TraineeReport): void {
    this.reports.push(report);
    const { result } = report;
    const reached = result.reached ? result.tasks.find((t) => t.id === result.reached) : undefined;
    this.lines.push(
      `${e(report.user)}: ${result.done} of ${result.checked} checked tasks done${reached ? `, reached ${reached.number ? `Task ${e(reached.number)}` : e(reached.title)}` : ', none done yet'}`,
    );
    for (const t of result.tasks) {
      if (isExample(t)) {
        this.lines.push(`  EXAMPLE  ${taskLabel(t)} (not graded): ${exampleStatus(t)}`);
        continue;
      }
      if (!t.checked) {
        const why = t.requirements.find((r) => r.skipped)?.detail ?? t.note ?? 'changes no file';
        this.lines.push(`  SKIP  ${e(taskLabel(t))} (not checked: ${e(why)})`);
        continue;
      }
      const doneBy = t.doneBy ? result.tasks.find((x) => x.id === t.doneBy) : undefined;
      this.lines.push(`  ${t.passed ? 'PASS' : 'FAIL'}  ${e(taskLabel(t))}${doneBy ? ` (done: ${e(doneBy.number ? `Task ${doneBy.number}` : doneBy.title)} passes on the same file)` : ''}`);
      if (t.passed) continue;
      for (const r of t.requirements) {
        if (r.passed) continue;
        const at = where(r);
        this.lines.push(`        ${r.skipped ? '?' : '✗'} ${at ? `${e(at)}: ` : ''}${e(r.text)}${r.detail ? ` [${e(r.detail)}]` : ''}`);
      }
    }
  }

  flush(): string {
    const c = counts(this.reports);
    const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
    const examples = c.examples ? `; ${n(c.examples, 'example')} (not graded): ${c.examplesDone} done` : '';
    const summary = `${n(this.reports.length, 'trainee')}, ${n(c.tasks, 'task')}: ${c.done} done, ${c.failed} failed${c.unchecked ? `, ${c.unchecked} not checked` : ''}${examples}`;
    return `${[...this.lines, summary].join('\n')}\n`;
  }
}

class JsonOutput implements CheckOutput {
  private trainees: unknown[] = [];

  write(report: TraineeReport): void {
    const { result } = report;
    this.trainees.push({
      user: report.user,
      tasks: result.tasks.map((t) => ({
        id: t.id,
        title: t.title,
        passed: t.passed,
        ...(t.number ? { number: t.number } : {}),
        ...(isExample(t) ? { graded: false } : {}),
        checked: t.checked,
        ...(t.doneBy ? { doneBy: t.doneBy } : {}),
        requirements: t.requirements.map((r) => ({
          text: r.text,
          passed: r.passed,
          file: r.file ?? null,
          line: r.line ?? null,
          ...(r.column ? { column: r.column } : {}),
          ...(r.skipped ? { skipped: true } : {}),
          ...(r.detail && !r.passed ? { detail: r.detail } : {}),
          ...(r.finding && !r.passed ? { stage: r.finding.stage } : {}),
        })),
      })),
      done: result.done,
      checked: result.checked,
      reached: result.reached ?? null,
    });
  }

  flush(): string {
    return `${JSON.stringify({ trainees: this.trainees }, null, 2)}\n`;
  }
}

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 forbids most control characters even escaped
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** Apache Ant's JUnit XML (tests/fixtures/junit/JUnit.xsd): one testsuite per trainee, one testcase per task. */
class JunitOutput implements CheckOutput {
  private suites: string[] = [];
  private timestamp: string;
  private hostname: string;

  constructor(private opts: OutputOptions) {
    this.timestamp = opts.timestamp ?? new Date().toISOString().slice(0, 19);
    this.hostname = opts.hostname ?? 'localhost';
  }

  write(report: TraineeReport): void {
    const { result } = report;
    const id = this.suites.length;
    const tasks = result.tasks;
    const failures = tasks.filter((t) => t.checked && !t.passed && !isExample(t)).length;
    const skipped = tasks.filter((t) => !t.checked || isExample(t)).length;
    const time = ((report.timeMs ?? 0) / 1000).toFixed(3);
    const classname = esc(`lab${this.opts.lab}.${report.user}`);
    const out: string[] = [];
    out.push(
      `  <testsuite package="${esc(`kvlab.lab${this.opts.lab}`)}" id="${id}" name="${esc(report.user)}" timestamp="${this.timestamp}" hostname="${esc(this.hostname)}" tests="${tasks.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}">`,
    );
    out.push('    <properties>');
    out.push(`      <property name="lab" value="${esc(this.opts.lab)}"/>`);
    out.push(`      <property name="done" value="${result.done}"/>`);
    if (result.reached) out.push(`      <property name="reached" value="${esc(result.reached)}"/>`);
    out.push('    </properties>');
    for (const t of tasks) {
      const head = `    <testcase name="${esc(taskLabel(t))}" classname="${classname}" time="0"`;
      if (isExample(t)) {
        out.push(`${head}>`, `      <skipped message="${esc(`not graded (an example): ${exampleStatus(t)}`)}"/>`, '    </testcase>');
      } else if (!t.checked) {
        const why = t.requirements.find((r) => r.skipped)?.detail ?? t.note ?? 'changes no file';
        out.push(`${head}>`, `      <skipped message="${esc(`not checked: ${why}`)}"/>`, '    </testcase>');
      } else if (t.passed) {
        out.push(`${head}/>`);
      } else {
        const failed = t.requirements.filter((r) => !r.passed && !r.skipped);
        const body = failed.map((r) => `${where(r) ? `${where(r)}: ` : ''}${r.text}${r.detail ? ` [${r.detail}]` : ''}`).join('\n');
        out.push(
          `${head}>`,
          `      <failure message="${esc(`${failed.length} of ${t.requirements.length} requirements not met`)}" type="requirements">${esc(body)}</failure>`,
          '    </testcase>',
        );
      }
    }
    out.push('    <system-out/>', '    <system-err/>', '  </testsuite>');
    this.suites.push(out.join('\n'));
  }

  flush(): string {
    return ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>', ...this.suites, '</testsuites>', ''].join('\n');
  }
}
