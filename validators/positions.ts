// Positions for findings from a `yaml` document: when the quick locator cannot place a
// finding (or the text is not plain block YAML), the text is re-parsed with the `yaml` package
// (which keeps source ranges) and each finding's field path is looked up here. Loaded only with
// the positioned reader (slow-path.ts).
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { Anchor, PathSeg } from './spans.ts';

interface Found {
  node?: Node;
  pair?: Pair;
  /** Deepest node reached when the path runs out in the document. */
  nearest: Node | Pair | undefined;
}

/** The pair for `key` in a map, looking through `<<` merge keys (an alias, a map or a list of
 *  them) as kubectl's YAML reader applies them; the map's own keys win, as in a merge. */
const keyText = (k: unknown): string => {
  const v = isScalar(k) ? k.value : k;
  return typeof v === 'symbol' ? (v.description ?? '') : String(v); // a merge key's value is Symbol('<<')
};
function pairIn(doc: Document, map: unknown, key: string, depth = 0): Pair | undefined {
  if (isAlias(map)) map = map.resolve(doc);
  if (!isMap(map) || depth > 8) return undefined;
  const own = map.items.find((it) => keyText(it.key) === key);
  if (own) return own as Pair;
  for (const it of map.items) {
    if (keyText(it.key) !== '<<') continue;
    const sources = isSeq(it.value) ? it.value.items : [it.value];
    for (const src of sources) {
      const p = pairIn(doc, src, key, depth + 1);
      if (p) return p;
    }
  }
  return undefined;
}

function find(doc: Document, path: readonly PathSeg[]): Found {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  let nearest: Node | Pair | undefined = doc.contents ?? undefined;
  for (const seg of path) {
    pair = undefined;
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const p = pairIn(doc, node, String(seg));
      if (!p) return { nearest };
      pair = p;
      nearest = p;
      node = p.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const it = node.items[seg];
      if (it === undefined) return { nearest };
      node = it;
      nearest = it as Node;
    } else return { nearest };
  }
  return { node: (node ?? undefined) as Node | undefined, pair, nearest };
}

function rangeOf(n: Node | Pair | undefined, anchor: Anchor): [number, number] | undefined {
  if (!n) return undefined;
  if (isPair(n)) {
    const k = n.key as Node | undefined;
    const v = n.value as Node | undefined;
    if (anchor === 'key' && k?.range) return [k.range[0], k.range[1]];
    if (v?.range) return [v.range[0], v.range[1]];
    if (k?.range) return [k.range[0], k.range[1]];
    return undefined;
  }
  return n.range ? [n.range[0], n.range[1]] : undefined;
}

/**
 * Where `path` is in `doc`. 'key' marks the field name (unknown fields, wrong keys), 'value' its
 * value. A path that does not exist (a missing required field) points at the key of its
 * deepest existing ancestor.
 */
export function locate(doc: Document, path: readonly PathSeg[], anchor: Anchor): [number, number] {
  const f = find(doc, path);
  let r: [number, number] | undefined;
  if (f.node || f.pair) {
    // A block collection as the value is marked at its key (its range starts a line below).
    const block = (isMap(f.node) || isSeq(f.node)) && !(f.node as { flow?: boolean }).flow;
    r = anchor === 'key' || (block && f.pair) ? rangeOf(f.pair ?? f.node, 'key') : (f.node?.range ? [f.node.range[0], f.node.range[1]] : rangeOf(f.pair, 'key'));
  }
  if (!r) r = rangeOf(f.nearest, 'key');
  if (!r) {
    const c = doc.contents as Node | null;
    r = c?.range ? [c.range[0], c.range[0]] : [0, 0];
  }
  // A block collection's range runs to the next key; mark only its first line.
  return r;
}

/** The scalar node at path (for embedded documents such as cloud-init user data). */
export function scalarAt(doc: Document, path: readonly PathSeg[]): Node | undefined {
  const f = find(doc, path);
  return f.node && isScalar(f.node) ? f.node : undefined;
}

