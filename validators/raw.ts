// A finding before it has a position: the stages produce these from the parsed object alone, so
// the common case (no finding) never pays for source positions.
import type { Severity, Stage } from './types.ts';
import type { Anchor, PathSeg } from './positions.ts';

export interface RawFinding {
  stage: Stage;
  severity: Severity;
  /** Where in the document (object path); positioned later. */
  path: PathSeg[];
  anchor: Anchor;
  message: string;
  hint?: string;
  /** Set when the finding lies inside an embedded document (cloud-init user data): the
   *  position within that text, mapped to the outer file by the scalar at `path`. */
  inner?: { line: number; column: number; endLine: number; endColumn: number };
  /** Path shown to the user when it differs from `path` (e.g. inside user data). */
  shownPath?: string;
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
