// `kvlab lint [--content DIR] [--format text|json]`: every shortcode, param and variant problem
// across all content and all variants, with file:line:column; plus the exercises' own checks
// (exercises/lint-fs.ts). Exit 0 clean, 1 problems, 2 bad input.
import { join, resolve } from 'node:path';
import { checkContent, formatDiagnostic } from '../lib/content-check.ts';
import { lintExercises } from '../../exercises/lint-fs.ts';
import type { Diagnostic, Training } from '../../engine/types.ts';

export const summary = 'report every shortcode, param, variant and exercise problem with file:line:column';

const USAGE = `Usage: kvlab lint [--content DIR] [--format text|json] [--strict]
  --content DIR   content folder (default content/): kvlab layout or a Hugo training
  --format        text (default) or json
  --strict        warnings count as problems too`;

export async function run(argv: string[]): Promise<number> {
  let content = 'content';
  let format = 'text';
  let strict = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      console.log(USAGE);
      return 0;
    } else if (a === '--content' && argv[i + 1]) content = argv[++i];
    else if (a.startsWith('--content=')) content = a.slice(10);
    else if (a === '--format' && argv[i + 1]) format = argv[++i];
    else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a === '--strict') strict = true;
    else {
      console.error(`kvlab lint: unknown option or missing value "${a}"\n${USAGE}`);
      return 2;
    }
  }
  if (format !== 'text' && format !== 'json') {
    console.error(`kvlab lint: --format must be text or json, not "${format}"`);
    return 2;
  }
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
  const problems = diagnostics.filter((d) => d.severity === 'error' || strict);
  if (format === 'json') console.log(JSON.stringify({ variants: report.variants, diagnostics }, null, 2));
  else {
    for (const d of diagnostics) console.log(formatDiagnostic(d, report.variants));
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    console.log(`${errors} error(s), ${diagnostics.length - errors} warning(s) in ${resolve(content)} (variants: ${report.variants.join(', ')})`);
  }
  return problems.length ? 1 : 0;
}
