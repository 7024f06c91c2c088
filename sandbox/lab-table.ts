// Every command line of a training's labs, sorted for `kvlab lint --commands --format markdown|json`:
// it runs (exit 0, a watch stopped when its time was up, or the error the lab itself shows next),
// it is refused (a non-zero exit the sandbox gives as the cluster would, or a line left out because
// it has a placeholder to fill in: the reason is the message), or it is not simulated (the
// sandbox's "not simulated" line, or a program the sandbox does not have). Text shown as a bash
// block (command output) is no command and only counted.
import { firstMessage as message, shownByLab, type LabBlock, type LabRunReport } from './lab-commands.ts';

export type CommandClass = 'runs' | 'refused' | 'not simulated';
export const CLASSES: CommandClass[] = ['runs', 'refused', 'not simulated'];

export interface CommandRow {
  file: string;
  line: number;
  text: string;
  class: CommandClass;
  /** The message (refused, not simulated) or what ran (an expected error, a stopped watch). */
  reason: string;
  /** The reason with names left out: rows with one cause share it. */
  cause: string;
}

export interface CommandTable {
  rows: CommandRow[];
  counts: Record<CommandClass, number>;
  /** Lines of bash blocks taken for command output or text, not commands. */
  textLines: number;
}

const NOT_SIMULATED = /\bnot simulated\b/;

/** A reason's cause: the message with quoted names, paths and numbers left out. */
export function causeOf(cls: CommandClass, reason: string): string {
  if (cls === 'not simulated') {
    // the thing named, without the pointer to connected mode that every such line carries
    return reason.replace(/^kvlab sandbox: /, '').replace(/;\s*use connected mode.*$/, '').replace(/"([^"]*)"/g, (q, n: string) => (/^(cdi|kubevirt|kube-system|default|virtctl [a-z-]+|kubectl [a-z-]+)$/.test(n) ? q : '"…"'));
  }
  if (cls === 'runs') return reason ? reason.replace(/"[^"]*"/g, '"…"') : 'exit 0';
  return reason
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/(\s)\/[^\s:]+/g, '$1/…')
    .replace(/\b(VirtualMachineInstance|VirtualMachine|VMI) [a-z0-9][a-z0-9.-]*/g, '$1 …')
    .replace(/\b\d+\b/g, 'N')
    .replace(/:\s*$/, '');
}

function row(file: string, line: number, text: string, cls: CommandClass, reason: string): CommandRow {
  return { file, line, text, class: cls, reason, cause: causeOf(cls, reason) };
}

/** Sorts a lint run's lines (what ran and what was left out) into the three classes, in page order. */
export function commandTable(report: LabRunReport, blocks: LabBlock[], user: string): CommandTable {
  const rows: CommandRow[] = [];
  let textLines = 0;
  for (const s of report.steps) {
    const { file, line, text } = s.line;
    if (text === '^]') continue; // the runner's own way out of a console
    const msg = message(s.output);
    if (NOT_SIMULATED.test(msg)) rows.push(row(file, line, text, 'not simulated', msg));
    else if (s.code === undefined || s.code === 0) rows.push(row(file, line, text, 'runs', ''));
    else if (s.code === 130 && s.stopped) rows.push(row(file, line, text, 'runs', 'a watch, stopped when its time was up'));
    else if (shownByLab(blocks, s.line.block, msg, user)) rows.push(row(file, line, text, 'runs', `the error the lab shows: ${msg}`));
    else rows.push(row(file, line, text, 'refused', msg || `exit ${s.code}`));
  }
  for (const k of report.skipped) {
    if (k.reason === 'command output or text shown as a bash block') textLines++;
    else if (/placeholder/.test(k.reason)) rows.push(row(k.file, k.line, k.text, 'refused', `${k.reason}: ${(k.text.match(/<[A-Za-z][^>]*>/g) ?? []).join(' ')}`.trim()));
    else rows.push(row(k.file, k.line, k.text, 'not simulated', k.reason.startsWith('not simulated') ? k.reason : `not simulated: ${k.reason}`));
  }
  const order = new Map<string, number>();
  for (const b of blocks) if (!order.has(b.file)) order.set(b.file, order.size);
  rows.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line);
  const counts = { runs: 0, refused: 0, 'not simulated': 0 } as Record<CommandClass, number>;
  for (const r of rows) counts[r.class]++;
  return { rows, counts, textLines };
}

/** Rows per class and cause, most frequent first. */
export function causes(table: CommandTable): { class: CommandClass; cause: string; count: number }[] {
  const m = new Map<string, { class: CommandClass; cause: string; count: number }>();
  for (const r of table.rows) {
    const key = `${r.class}\0${r.cause}`;
    const hit = m.get(key) ?? { class: r.class, cause: r.cause, count: 0 };
    hit.count++;
    m.set(key, hit);
  }
  return [...m.values()].sort((a, b) => CLASSES.indexOf(a.class) - CLASSES.indexOf(b.class) || b.count - a.count || a.cause.localeCompare(b.cause));
}
