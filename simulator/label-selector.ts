// A metav1.LabelSelector as controllers read it: whether it selects a set of labels, and its
// string form (status.labelSelector of a scalable kind, what the HPA lists pods with), as
// apimachinery's LabelSelectorAsSelector(...).String() prints it: requirements sorted by key,
// `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by commas.
import { isObj, type Obj } from '../validators/raw.ts';

interface Req {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | '=';
  values: string[];
}

function requirements(sel: unknown): Req[] {
  if (!isObj(sel)) return [];
  const out: Req[] = [];
  if (isObj(sel.matchLabels)) for (const [k, v] of Object.entries(sel.matchLabels)) out.push({ key: k, op: '=', values: [String(v)] });
  for (const e of Array.isArray(sel.matchExpressions) ? sel.matchExpressions.filter(isObj) : []) {
    const op = String(e.operator ?? '') as Req['op'];
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op)) continue;
    out.push({ key: String(e.key ?? ''), op, values: (Array.isArray(e.values) ? e.values.map(String) : []).sort() });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function selectorString(sel: unknown): string {
  return requirements(sel)
    .map((r) => {
      switch (r.op) {
        case '=':
          return `${r.key}=${r.values[0]}`;
        case 'In':
          return `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(',');
}

/** Whether the selector selects these labels; an empty or missing selector selects nothing (as a controller's does). */
export function selects(sel: unknown, labels: Record<string, string>): boolean {
  const reqs = requirements(sel);
  if (!reqs.length) return false;
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case '=':
      case 'In':
        return has && r.values.includes(labels[r.key]!);
      case 'NotIn':
        return !has || !r.values.includes(labels[r.key]!);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });
}

export function labelsOf(o: unknown): Record<string, string> {
  const m = isObj(o) && isObj(o.metadata) ? (o.metadata as Obj) : {};
  return isObj(m.labels) ? Object.fromEntries(Object.entries(m.labels).map(([k, v]) => [k, String(v)])) : {};
}
