// The simulator keeps times in status as simulated seconds (objects.ts); the API server writes
// RFC 3339 timestamps. stampTimes turns the time fields of an object into timestamps.
import { timestamp } from '../format.ts';
import { isObj } from '../../validators/raw.ts';

/** Status fields that hold a metav1.Time (snapshot, restore, volume snapshot, conditions). */
const TIME_KEYS = new Set(['creationTime', 'restoreTime', 'lastTransitionTime', 'lastProbeTime', 'time']);

export function stampTimes<T>(v: T, epochMs: number): T {
  if (Array.isArray(v)) return v.map((x) => stampTimes(x, epochMs)) as T;
  if (!isObj(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = TIME_KEYS.has(k) && typeof x === 'number' ? timestamp(epochMs, x) : stampTimes(x, epochMs);
  return out as T;
}
