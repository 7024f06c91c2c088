// Field paths as exercises write them, in the cluster's own form:
//   spec.template.spec.livenessProbe.httpGet.port
//   spec.template.spec.domain.devices.disks[0].name
//   spec.template.spec.volumes[name=cloudinitdisk].cloudInitNoCloud
//   spec.template.metadata.labels["kubevirt.io/domain"]
// and walking them over a parsed YAML document, keeping the nodes for positions.
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';

export type Segment = { key: string } | { index: number } | { match: { key: string; value: string } };

export class FieldPathError extends Error {}

export function parseFieldPath(path: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new FieldPathError(`bad field path "${path}" at character ${i + 1}: ${why}`);
  };
  if (!path) fail('empty path');
  while (i < path.length) {
    const c = path[i];
    if (c === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) fail('unclosed "["');
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push({ index: Number(inner) });
      else if (/^"[^"]*"$/.test(inner)) out.push({ key: inner.slice(1, -1) });
      else {
        const eq = inner.indexOf('=');
        if (eq <= 0) fail('expected [N], ["key"] or [field=value]');
        out.push({ match: { key: inner.slice(0, eq), value: inner.slice(eq + 1).replace(/^"(.*)"$/, '$1') } });
      }
      i = close + 1;
      if (i < path.length && path[i] !== '.' && path[i] !== '[') fail('expected "." or "[" after "]"');
      if (path[i] === '.') {
        i++;
        if (i >= path.length) fail('path ends with "."');
      }
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    const key = path.slice(i, j);
    if (!key) fail('empty field name');
    out.push({ key });
    i = j;
    if (path[i] === '.') {
      i++;
      if (i >= path.length) fail('path ends with "."');
    }
  }
  return out;
}

export interface Walk {
  found: boolean;
  /** The node at the path (when found). */
  node?: YamlNode | null;
  /** The map pair holding the last key (when the last segment is a key and it exists). */
  pair?: Pair;
  /** The deepest node that exists on the way, and the key node that led to it. */
  deepest: YamlNode | null;
  deepestKey?: YamlNode;
  /** How many segments matched. */
  depth: number;
}

const keyText = (k: unknown) => (isScalar(k) ? String(k.value) : String(k));

export function walk(root: YamlNode | null, segments: Segment[]): Walk {
  let cur: YamlNode | null = root;
  let deepestKey: YamlNode | undefined;
  let pair: Pair | undefined;
  for (let d = 0; d < segments.length; d++) {
    const seg = segments[d];
    pair = undefined;
    if ('key' in seg) {
      if (!isMap(cur)) return { found: false, deepest: cur, deepestKey, depth: d };
      const p = cur.items.find((it) => isPair(it) && keyText(it.key) === seg.key);
      if (!p) return { found: false, deepest: cur, deepestKey, depth: d };
      pair = p as Pair;
      deepestKey = p.key as YamlNode;
      cur = (p.value as YamlNode | null) ?? null;
    } else if ('index' in seg) {
      if (!isSeq(cur) || seg.index >= cur.items.length) return { found: false, deepest: cur, deepestKey, depth: d };
      cur = cur.items[seg.index] as YamlNode;
    } else {
      if (!isSeq(cur)) return { found: false, deepest: cur, deepestKey, depth: d };
      const item = cur.items.find((it) => isMap(it) && it.items.some((p) => isPair(p) && keyText(p.key) === seg.match.key && isScalar(p.value) && String(p.value.value) === seg.match.value));
      if (!item) return { found: false, deepest: cur, deepestKey, depth: d };
      cur = item as YamlNode;
    }
  }
  return { found: true, node: cur, pair, deepest: cur, deepestKey, depth: segments.length };
}

/** spec.a[0].b → ['spec','a','0','b'] for comparing with findings' paths. */
export function pathParts(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\["([^"]*)"\]/g, '.$1')
    .split('.')
    .filter(Boolean);
}
