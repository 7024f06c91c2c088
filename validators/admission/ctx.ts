// What every admission rule family shares: the spec under review, where it sits in the document,
// the cluster configuration, and how a finding is added (KubeVirt's message, a hint, the field).
import type { ClusterConfig } from '../cluster-config.ts';
import { clusterPath, type PathSeg } from '../spans.ts';
import type { Obj, RawFinding } from '../raw.ts';

export interface Ctx {
  /** Object path of the VMI spec inside the document. */
  base: PathSeg[];
  spec: Obj;
  out: RawFinding[];
  config: Readonly<ClusterConfig>;
}

export function add(ctx: Ctx, rel: PathSeg[], message: string, hint?: string, anchor: 'key' | 'value' = 'key', severity: 'error' | 'warning' = 'error'): void {
  ctx.out.push({ stage: 'admission', severity, path: [...ctx.base, ...rel], anchor, message, hint });
}

/** The cluster form of a path below the spec (spec.template.spec.domain…). */
export function P(ctx: Ctx, rel: PathSeg[] = []): string {
  return clusterPath([...ctx.base, ...rel]);
}

export const present = (v: unknown): boolean => v !== undefined && v !== null;
