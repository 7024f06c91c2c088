// A finding before it has a position: the stages produce these from the parsed object alone, so
// the common case (no finding) never pays for source positions.
import type { Severity, Stage } from './types.ts';
import type { Anchor, PathSeg } from './spans.ts';

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

/** The numeric ports that a VMI spec's readiness and liveness probes reach over the network
 *  (httpGet, tcpSocket), in the order the cross-checks report them. */
export function networkProbePorts(spec: Obj): { probe: 'readinessProbe' | 'livenessProbe'; handler: 'httpGet' | 'tcpSocket'; port: number }[] {
  const out: { probe: 'readinessProbe' | 'livenessProbe'; handler: 'httpGet' | 'tcpSocket'; port: number }[] = [];
  for (const probe of ['readinessProbe', 'livenessProbe'] as const) {
    const p = spec[probe];
    if (!isObj(p)) continue;
    for (const handler of ['httpGet', 'tcpSocket'] as const) {
      const a = p[handler];
      if (isObj(a) && typeof a.port === 'number') out.push({ probe, handler, port: a.port });
    }
  }
  return out;
}
