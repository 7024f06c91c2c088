// Pure pieces of the editor island (no DOM, no Monaco): reading the exercise JSON into the
// tasks the editor shows, turning validator findings into markers and a status line, and
// finding the cloud-init file a VM's Secret is made from.
import type { ResolvedTask } from '../../../exercises/types.ts';
import type { DocumentResult, Finding } from '../../../validators/types.ts';

export interface EditorFile {
  /** Path in the trainee's working folder, e.g. labs/lab08/vm_lab08-probe.yaml. */
  path: string;
  /** File name as saved: vm_lab08-probe.yaml. */
  name: string;
  start: string;
  solution?: string;
  role: 'vm' | 'cloud-init' | 'other';
}

export interface EditorTask {
  id: string;
  title: string;
  files: EditorFile[];
  /** The task as the exercise JSON gives it (exercises/resolve.ts); handed unchanged to checkTask in the worker. */
  raw: ResolvedTask;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function fileRole(path: string, text: string): EditorFile['role'] {
  if (/^\s*#cloud-config/.test(text) || /cloud-?init/i.test(baseName(path))) return 'cloud-init';
  if (/^kind:\s*VirtualMachine\s*$/m.test(text) || /^vm[_-]/.test(baseName(path))) return 'vm';
  return 'other';
}

/**
 * The tasks of a ResolvedLab (exercises/resolve.ts) that have files to edit, in page order.
 * Accepts `files` as an array of {path, start|starting|content, solution|reference} or as a map
 * path → {…}; a task without files (one that changes nothing) gets no editor.
 */
export function editorTasks(lab: unknown): EditorTask[] {
  const tasks = (lab as Obj | null)?.tasks;
  if (!Array.isArray(tasks)) throw new Error('exercise data has no "tasks" list');
  const out: EditorTask[] = [];
  for (const t of tasks as Obj[]) {
    const id = str(t.id);
    if (!id) continue;
    let files: Obj[] = [];
    if (Array.isArray(t.files)) files = t.files as Obj[];
    else if (t.files && typeof t.files === 'object') {
      files = Object.entries(t.files as Obj).map(([path, f]) => ({ path, ...(f as Obj) }));
    }
    const editorFiles: EditorFile[] = [];
    for (const f of files) {
      const path = str(f.path);
      if (!path) continue;
      const start = str(f.start) ?? str(f.starting) ?? str(f.startingContent) ?? str(f.content) ?? '';
      const solution = str(f.solution) ?? str(f.reference) ?? str(f.referenceSolution);
      editorFiles.push({ path, name: baseName(path), start, solution, role: fileRole(path, solution ?? start) });
    }
    if (editorFiles.length === 0) continue;
    // the JSON is the build's ResolvedLab (site/pages/[...exercise].json.ts); read defensively above
    out.push({ id, title: str(t.title) ?? `Task ${id}`, files: editorFiles, raw: t as unknown as ResolvedTask });
  }
  return out;
}

/** The name of the Secret a VM's cloud-init volume takes its user data from, if any. */
export function userDataSecretName(vmText: string): string | undefined {
  const m = /(?:userDataSecretRef|secretRef)\s*:\s*\n\s*name\s*:\s*["']?([\w.-]+)/.exec(vmText);
  return m?.[1];
}

/**
 * Which of `candidates` (path → text of cloud-init files) the VM's Secret is made from: the
 * lab creates `<prefix><nn>-cloudinit-probe` from `cloudinit-probe.yaml`, so the file whose name
 * (without extension) ends the Secret's name. Nothing when the VM has no such Secret.
 */
export function userDataFor(vmText: string, candidates: Record<string, string>): { text: string; file: string }[] {
  const secret = userDataSecretName(vmText);
  if (!secret) return [];
  let best: { text: string; file: string } | undefined;
  let bestLen = 0;
  for (const [file, text] of Object.entries(candidates)) {
    const stem = baseName(file).replace(/\.ya?ml$/, '');
    if (stem && secret.endsWith(stem) && stem.length > bestLen) {
      best = { text, file };
      bestLen = stem.length;
    }
  }
  return best ? [best] : [];
}

export interface MarkerData {
  severity: 'error' | 'warning' | 'info';
  message: string;
  source: string;
  code: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

export function markerMessage(f: Finding): string {
  return f.hint ? `${f.message}\nHint: ${f.hint}` : f.message;
}

export function toMarkers(docs: DocumentResult[]): MarkerData[] {
  const out: MarkerData[] = [];
  for (const d of docs) {
    for (const f of d.findings) {
      let endLine = f.endLine || f.line;
      let endColumn = f.endColumn || f.column;
      // A zero-width range draws nothing: widen it to one character.
      if (endLine < f.line || (endLine === f.line && endColumn <= f.column)) {
        endLine = f.line;
        endColumn = f.column + 1;
      }
      out.push({
        severity: f.severity,
        message: markerMessage(f),
        source: f.stage,
        code: f.path,
        startLineNumber: Math.max(1, f.line),
        startColumn: Math.max(1, f.column),
        endLineNumber: endLine,
        endColumn,
      });
    }
  }
  return out;
}

export function statusText(docs: DocumentResult[]): { text: string; errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of docs) for (const f of d.findings) if (f.severity === 'error') errors++; else if (f.severity === 'warning') warnings++;
  if (errors === 0 && warnings === 0) return { text: 'valid', errors, warnings };
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  return { text: `${n(errors, 'error')}, ${n(warnings, 'warning')}`, errors, warnings };
}

export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Offsets ↔ 1-based line/column over a text. */
export function offsetAt(text: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + column - 1);
}
