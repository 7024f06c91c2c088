// Shared by `kvlab build` and `kvlab lint`: load a content folder for every variant and expand
// every page's shortcodes, collecting each problem with file:line:column (deduplicated across
// variants, each tagged with the variants it occurs in when not all of them).
import { relative } from 'node:path';
import { loadTraining, trainingFileReader } from '../../engine/load-fs.ts';
import { renderInput } from '../../engine/pages.ts';
import { renderShortcodes } from '../../engine/shortcodes.ts';
import type { Diagnostic, Training } from '../../engine/types.ts';
import { escapeControl } from './terminal-text.ts';

export interface ContentReport {
  variants: string[];
  trainings: Training[];
  diagnostics: (Diagnostic & { variants: string[] })[];
}

/**
 * `mode: 'build'` reports the problems Hugo builds through (a `link` to a missing page, marked
 * `lenient`) as warnings; `lint` (the default) keeps every problem at its severity.
 */
export function checkContent(dir: string, only?: string[], mode: 'lint' | 'build' = 'lint'): ContentReport {
  const first = loadTraining(dir);
  const variants = only?.length ? only : first.variants;
  for (const v of variants) {
    if (!first.variants.includes(v)) throw new Error(`unknown variant "${v}"; ${dir} has: ${first.variants.join(', ')}`);
  }
  const byKey = new Map<string, Diagnostic & { variants: string[] }>();
  const trainings: Training[] = [];
  for (const variant of variants) {
    const training = variant === first.variant ? first : loadTraining(dir, { variant });
    trainings.push(training);
    const found = [...training.diagnostics];
    const readFile = trainingFileReader(training);
    for (const page of training.pages) found.push(...renderShortcodes(renderInput(training, page, '/', readFile)).diagnostics);
    if (training.enabledModules.length === 0 && variants.length > 1) {
      found.push({ file: training.dir, line: 1, column: 1, severity: 'warning', message: `variant "${variant}" enables no module (params.enabledModule is empty)` });
    }
    for (const raw of found) {
      const d = mode === 'build' && raw.lenient && raw.severity === 'error' ? { ...raw, severity: 'warning' as const } : raw;
      const key = `${d.file}:${d.line}:${d.column}:${d.severity}:${d.message}`;
      const hit = byKey.get(key);
      if (hit) hit.variants.push(variant);
      else byKey.set(key, { ...d, variants: [variant] });
    }
  }
  const diagnostics = [...byKey.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { variants, trainings, diagnostics };
}

export function formatDiagnostic(d: Diagnostic & { variants?: string[] }, all: string[], cwd = process.cwd()): string {
  const file = d.file.startsWith('/') ? relative(cwd, d.file) || d.file : d.file;
  const where = d.variants && d.variants.length < all.length ? ` [variant ${d.variants.join(', ')}]` : '';
  return escapeControl(`${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${where}`);
}
