// Helpers for exercise tests: the probes lab resolved from the project's own content, trainee
// folders built from its reference solutions, and seeded mistakes derived from requirements.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { loadTraining } from '../../../engine/load-fs.ts';
import { exerciseMatches, listExercises, resolvePageExercise } from '../../../exercises/exercises-fs.ts';
import { parseFieldPath } from '../../../validators/field-path.ts';
import type { ResolvedLab, ResolvedRequirement } from '../../../exercises/types.ts';

export const root = join(import.meta.dirname, '..', '..', '..');

export function probesLab(variant = 'default'): ResolvedLab {
  const training = loadTraining(join(root, 'content'), { variant });
  const ex = listExercises(join(root, 'content', 'exercises')).find((e) => e.lab.slug === 'probes')!;
  const page = training.pages.find((p) => exerciseMatches(ex, p))!;
  const { outcome } = resolvePageExercise(training, page, ex);
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'));
  return outcome.lab!;
}

/** The trainee's folder after task `upTo` (index into lab.tasks), from the reference solutions. */
export function stateAfter(lab: ResolvedLab, upTo: number): Record<string, string> {
  const files: Record<string, string> = {};
  lab.tasks.slice(0, upTo + 1).forEach((t) => t.files.forEach((f) => (files[f.path] = f.solution)));
  return files;
}

export function writeFolder(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** yaml setIn/deleteIn path for a field path, [name=x] resolved against the document. */
function yamlPath(doc: ReturnType<typeof parseDocument>, path: string): (string | number)[] {
  const out: (string | number)[] = [];
  let cur: unknown = doc.toJS();
  for (const seg of parseFieldPath(path)) {
    if ('key' in seg) out.push(seg.key), (cur = (cur as Record<string, unknown> | undefined)?.[seg.key]);
    else if ('index' in seg) out.push(seg.index), (cur = (cur as unknown[] | undefined)?.[seg.index]);
    else {
      const i = (cur as Record<string, unknown>[]).findIndex((x) => String(x?.[seg.match.key]) === seg.match.value);
      out.push(i);
      cur = (cur as unknown[])[i];
    }
  }
  return out;
}

export const SENTINEL_NUMBER = 4242;
export const SENTINEL_STRING = 'seeded-mistake';

/**
 * One seeded mistake for a requirement: the file's new text and the text of the line the
 * checker should point at (found by the sentinel it contains, independent of the checker).
 */
export function seedMistake(req: ResolvedRequirement, text: string): { text: string; marker: RegExp } {
  const doc = parseDocument(text);
  switch (req.kind) {
    case 'equals':
    case 'oneOf': {
      const p = yamlPath(doc, req.path!);
      if (req.kind === 'oneOf' && req.keys) {
        // a second handler beside the first
        const second = req.keys.find((k) => !doc.hasIn([...p, k]))!;
        doc.setIn([...p, second], second === 'guestAgentPing' ? {} : { port: SENTINEL_NUMBER });
        return { text: String(doc), marker: new RegExp(`^\\s*${second}:`) };
      }
      const old = doc.getIn(p);
      const v = typeof old === 'number' ? SENTINEL_NUMBER : SENTINEL_STRING;
      doc.setIn(p, v);
      return { text: String(doc), marker: new RegExp(`:\\s*"?${v}"?\\s*$`) };
    }
    case 'exists': {
      const p = yamlPath(doc, req.path!);
      doc.deleteIn(p);
      const parent = p.slice(0, -1).filter((s) => typeof s === 'string').pop();
      // pointed at the deepest field that is still there
      return { text: String(doc), marker: parent ? new RegExp(`^\\s*-?\\s*${parent}:`) : /./ };
    }
    case 'absent': {
      const p = yamlPath(doc, req.path!);
      const last = p[p.length - 1];
      doc.setIn(p, last === 'guestAgentPing' ? {} : { port: SENTINEL_NUMBER });
      return { text: String(doc), marker: new RegExp(`^\\s*${String(last)}:`) };
    }
    case 'validatesClean': {
      // a field neither the API server nor cloud-init knows; nothing else changes
      doc.set('seededUnknownField', SENTINEL_NUMBER);
      return { text: String(doc), marker: /^seededUnknownField:/ };
    }
    default:
      throw new Error(`no generic mistake for ${req.kind}`);
  }
}
