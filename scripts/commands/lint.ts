// `kvlab lint [--content DIR] [--format text|json]`: every shortcode, param and variant problem
// across all content and all variants, with file:line:column; plus the exercises' own checks
// (exercises/lint-fs.ts). Exit 0 clean, 1 problems, 2 bad input.
import { join, resolve } from 'node:path';
import { oneOf, parseCommandArgs, argsOrExit, type ArgsResult } from '../lib/args.ts';
import { checkContent, formatDiagnostic } from '../lib/content-check.ts';
import { escapeControl } from '../lib/terminal-text.ts';
import { lintExercises } from '../../exercises/lint-fs.ts';
import { trainingLabs, type TrainingLab } from '../../exercises/exercises-fs.ts';
import type { Diagnostic, Training } from '../../engine/types.ts';
import { lintCommands } from '../lib/lint-commands.ts';
import { commandsMarkdown } from '../lib/commands-table.ts';

export const summary = 'report every shortcode, param, variant and exercise problem with file:line:column';

export const USAGE = `Usage: kvlab lint [--content DIR] [--format text|json|markdown] [--strict] [--commands]
  --content DIR   content folder (default content/): kvlab layout or a Hugo training
  --format        text (default) or json; markdown (with --commands): the table of every
                  command line, runs / refused (why) / not simulated, with counts and causes
  --strict        warnings count as problems too
  --commands      also run each lab's command blocks (page order, with the files its YAML
                  blocks hold) through the sandbox; a command that fails is an error at its line`;

export interface LintArgs {
  content: string;
  format: 'text' | 'json' | 'markdown';
  strict: boolean;
  commands: boolean;
  help: boolean;
}

const OPTIONS = {
  content: { type: 'string', default: 'content' },
  format: { type: 'string', default: 'text' },
  strict: { type: 'boolean' },
  commands: { type: 'boolean' },
} as const;

/** Pure: argv → options, or the one error to print (then exit 2). */
export function parseLintArgs(argv: string[]): ArgsResult<LintArgs> {
  const r = parseCommandArgs(argv, OPTIONS, (v) => ({ content: v.content, format: oneOf('--format', v.format, ['text', 'json', 'markdown']), strict: v.strict, commands: v.commands, help: v.help }));
  if (r.ok && r.args.format === 'markdown' && !r.args.commands && !r.args.help) return { ok: false, error: '--format markdown is the table of the labs\' commands: add --commands' };
  return r;
}

export async function run(argv: string[]): Promise<number> {
  const args = argsOrExit('lint', parseLintArgs(argv), USAGE);
  if (typeof args === 'number') return args;
  const { content, format, strict } = args;
  let report;
  try {
    report = checkContent(resolve(content));
  } catch (e) {
    console.error(`kvlab lint: ${(e as Error).message}`);
    return 2;
  }
  const diagnostics: (Diagnostic & { variants?: string[] })[] = [...report.diagnostics];
  // Per variant (params and the variant's blocks change solutions); one line per finding,
  // tagged with the variants it occurs in when not all.
  const seen = new Map<string, Diagnostic & { variants: string[] }>();
  let summaryLabs: TrainingLab[] = [];
  for (const training of report.trainings) {
    const labs = trainingLabs(training);
    if (training === report.trainings[0]) summaryLabs = labs;
    for (const d of await lintExercises(training, { labs })) {
      const key = `${d.file}:${d.line}:${d.column}:${d.severity}:${d.message}`;
      const hit = seen.get(key);
      if (hit) hit.variants.push(training.variant);
      else {
        const entry = { ...d, variants: [training.variant] };
        seen.set(key, entry);
        diagnostics.push(entry);
      }
    }
  }
  let commandsSummary: string | undefined;
  let commandsReport: Awaited<ReturnType<typeof lintCommands>> | undefined;
  if (args.commands && report.trainings[0]) {
    // the default variant's commands (each variant would run the same lab again)
    commandsReport = await lintCommands(report.trainings[0]);
    diagnostics.push(...commandsReport.diagnostics);
    const left = Object.entries(commandsReport.skipped).map(([why, n]) => `${n} ${why}`).join('; ');
    commandsSummary = `commands: ${commandsReport.ran} ran in the sandbox, ${commandsReport.failed} failed; left out: ${left || 'none'}`;
  }
  const problems = diagnostics.filter((d) => d.severity === 'error' || strict);
  const how = howChecked(summaryLabs);
  if (format === 'markdown' && commandsReport) process.stdout.write(commandsMarkdown(commandsReport.table, resolve(content)));
  else if (format === 'json') console.log(JSON.stringify({ variants: report.variants, diagnostics, labs: how, ...(commandsReport ? { commands: { ran: commandsReport.ran, failed: commandsReport.failed, skipped: commandsReport.skipped, counts: commandsReport.table.counts, rows: commandsReport.table.rows } } : {}) }, null, 2));
  else {
    for (const d of diagnostics) console.log(formatDiagnostic(d, report.variants));
    // per lab, how each task is checked (the first variant's)
    for (const l of how) {
      console.log(`lab ${l.lab} (${l.slug}): ${l.tasks.filter((t) => t.how !== 'not checked').length} of ${l.tasks.length} tasks checked`);
      for (const t of l.tasks) console.log(escapeControl(`  Task ${t.number} ${t.how}${t.why ? `: ${t.why}` : ''}`));
    }
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    if (commandsSummary) console.log(commandsSummary);
    console.log(`${errors} error(s), ${diagnostics.length - errors} warning(s) in ${resolve(content)} (variants: ${report.variants.join(', ')})`);
  }
  return problems.length ? 1 : 0;
}

/** How each task of each lab is checked: derived, explicit, or not checked and why. */
function howChecked(labs: TrainingLab[]) {
  return labs.map((l) => ({
    lab: l.id,
    slug: l.page.slug,
    tasks: l.lab.tasks.map((t) => {
      const how = t.checkedBy === 'none' ? 'not checked' : t.source === 'explicit' ? `explicit (${t.checkedBy === 'behaviour' ? 'by behaviour' : `${t.requirements.length} requirements`})` : `derived (${t.files.map((f) => f.path).join(', ')}: ${t.requirements.length} requirements)`;
      return { id: t.id, number: t.number ?? t.id, how, ...(t.note ? { why: t.note } : {}) };
    }),
  }));
}
