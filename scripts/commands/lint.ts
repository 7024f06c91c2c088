// `kvlab lint [--content DIR] [--format text|json]`: every shortcode, param and variant problem
// across all content and all variants, with file:line:column; plus the exercises' own checks
// (exercises/lint-fs.ts). Exit 0 clean, 1 problems, 2 bad input.
import { join, resolve } from 'node:path';
import { oneOf, parseCommandArgs, argsOrExit, type ArgsResult } from '../lib/args.ts';
import { checkContent, formatDiagnostic } from '../lib/content-check.ts';
import { lintExercises } from '../../exercises/lint-fs.ts';
import type { Diagnostic, Training } from '../../engine/types.ts';
import { lintCommands } from '../lib/lint-commands.ts';

export const summary = 'report every shortcode, param, variant and exercise problem with file:line:column';

export const USAGE = `Usage: kvlab lint [--content DIR] [--format text|json] [--strict] [--commands]
  --content DIR   content folder (default content/): kvlab layout or a Hugo training
  --format        text (default) or json
  --strict        warnings count as problems too
  --commands      also run each lab's command blocks (page order, with the files its YAML
                  blocks hold) through the sandbox; a command that fails is an error at its line`;

export interface LintArgs {
  content: string;
  format: 'text' | 'json';
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
  return parseCommandArgs(argv, OPTIONS, (v) => ({ content: v.content, format: oneOf('--format', v.format, ['text', 'json']), strict: v.strict, commands: v.commands, help: v.help }));
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
  for (const training of report.trainings) {
    for (const d of await lintExercises(training)) {
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
  if (format === 'json') console.log(JSON.stringify({ variants: report.variants, diagnostics, ...(commandsReport ? { commands: { ran: commandsReport.ran, failed: commandsReport.failed, skipped: commandsReport.skipped } } : {}) }, null, 2));
  else {
    for (const d of diagnostics) console.log(formatDiagnostic(d, report.variants));
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    if (commandsSummary) console.log(commandsSummary);
    console.log(`${errors} error(s), ${diagnostics.length - errors} warning(s) in ${resolve(content)} (variants: ${report.variants.join(', ')})`);
  }
  return problems.length ? 1 : 0;
}
