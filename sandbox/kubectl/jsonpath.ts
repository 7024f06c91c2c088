// kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath), for `-o jsonpath=…`,
// `-o custom-columns=…` and `wait --for=jsonpath=…`. A small evaluator of our own: no JSONPath
// package is installed, and the npm ones follow Goessner's dialect, not client-go's (`{range}`/
// `{end}`, text between expressions, results joined by spaces, maps printed as JSON). Covered:
// fields, `..`, `*`, `[n]`, `[a:b]`, `['key']`, unions, filters `?(@.x=="y")` with == != < <= > >=
// and existence, range/end, quoted literals.

export class JsonPathError extends Error {}

type Step =
  | { t: 'field'; name: string; recursive?: boolean }
  | { t: 'all'; recursive?: boolean }
  | { t: 'index'; list: (number | string)[] }
  | { t: 'slice'; start?: number; end?: number; step?: number }
  | { t: 'filter'; left: Step[]; op?: string; right?: unknown; rightPath?: Step[] };

type Node = { t: 'text'; text: string } | { t: 'path'; steps: Step[] } | { t: 'range'; steps: Step[]; body: Node[] };

function unquote(s: string): string {
  const q = s[0];
  const inner = s.slice(1, -1);
  return q === '"' ? inner.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c) : inner.replace(/\\'/g, "'");
}

/** A path's steps: `.a.b[0]`, `$.a`, `@.x`, `..name`, `.*`, `['k']`. */
function parsePath(src: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const s = src.trim();
  if (s[0] === '$' || s[0] === '@') i = 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '.') {
      const recursive = s[i + 1] === '.';
      i += recursive ? 2 : 1;
      if (s[i] === '*') {
        steps.push({ t: 'all', recursive });
        i++;
        continue;
      }
      if (s[i] === '[') {
        if (recursive) steps.push({ t: 'all', recursive: true });
        continue;
      }
      const m = /^[^.[\]\s]*/.exec(s.slice(i))![0];
      i += m.length;
      if (m) steps.push({ t: 'field', name: m, recursive });
      continue;
    }
    if (c === '[') {
      let depth = 0;
      let j = i;
      let quote = '';
      for (; j < s.length; j++) {
        const ch = s[j]!;
        if (quote) {
          if (ch === '\\') j++;
          else if (ch === quote) quote = '';
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === '[') depth++;
        else if (ch === ']' && --depth === 0) break;
      }
      if (j >= s.length) throw new JsonPathError(`unterminated array`);
      steps.push(parseBracket(s.slice(i + 1, j).trim()));
      i = j + 1;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // a bare first field (`{metadata.name}` in custom-columns' relaxed form)
    const m = /^[^.[\]\s]+/.exec(s.slice(i))![0];
    steps.push({ t: 'field', name: m });
    i += m.length;
  }
  return steps;
}

function parseBracket(inner: string): Step {
  if (inner === '*') return { t: 'all' };
  if (inner.startsWith('?')) {
    const body = inner.slice(1).trim().replace(/^\(/, '').replace(/\)$/, '').trim();
    const m = /^(@[^=!<>]*?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(body);
    if (!m) return { t: 'filter', left: parsePath(body) };
    const r = m[3]!.trim();
    let right: unknown;
    let rightPath: Step[] | undefined;
    if (/^["']/.test(r)) right = unquote(r);
    else if (/^-?\d+(\.\d+)?$/.test(r)) right = Number(r);
    else if (r === 'true' || r === 'false') right = r === 'true';
    else rightPath = parsePath(r);
    return { t: 'filter', left: parsePath(m[1]!), op: m[2]!, right, rightPath };
  }
  if (/^-?\d*:-?\d*(:-?\d+)?$/.test(inner)) {
    const [a, b, c] = inner.split(':');
    return { t: 'slice', start: a ? Number(a) : undefined, end: b ? Number(b) : undefined, step: c ? Number(c) : undefined };
  }
  const list = inner.split(',').map((p) => p.trim()).map((p) => (/^["']/.test(p) ? unquote(p) : /^-?\d+$/.test(p) ? Number(p) : p));
  if (list.some((p) => p === '')) throw new JsonPathError(`invalid array index ${inner}`);
  return { t: 'index', list };
}

/** The template's parts; text outside braces is printed as it is. */
export function parseTemplate(tpl: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1]!.push({ t: 'text', text: tpl.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1]!.push({ t: 'text', text: tpl.slice(i, open) });
    let j = open + 1;
    let quote = '';
    for (; j < tpl.length; j++) {
      const ch = tpl[j]!;
      if (quote) {
        if (ch === '\\') j++;
        else if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '}') break;
    }
    if (j >= tpl.length) throw new JsonPathError(`unclosed action`);
    const expr = tpl.slice(open + 1, j).trim();
    i = j + 1;
    const cur = stack[stack.length - 1]!;
    if (/^range\s/.test(expr)) {
      const node: Node = { t: 'range', steps: parsePath(expr.slice(6)), body: [] };
      cur.push(node);
      stack.push(node.body);
    } else if (expr === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else if (/^["']/.test(expr)) cur.push({ t: 'text', text: unquote(expr) });
    else cur.push({ t: 'path', steps: parsePath(expr) });
  }
  if (stack.length > 1) throw new JsonPathError('unclosed range');
  return root;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function descendants(v: unknown): unknown[] {
  const out: unknown[] = [v];
  if (Array.isArray(v)) for (const x of v) out.push(...descendants(x));
  else if (isObj(v)) for (const x of Object.values(v)) out.push(...descendants(x));
  return out;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
      return a === b || (typeof a === 'number' && String(a) === String(b));
    case '!=':
      return a !== b;
    case '<':
      return (a as number) < (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>':
      return (a as number) > (b as number);
    default:
      return (a as number) >= (b as number);
  }
}

export function evalPath(steps: Step[], root: unknown, cur: unknown = root): unknown[] {
  let vals: unknown[] = [cur];
  for (const st of steps) {
    const next: unknown[] = [];
    for (const v0 of vals) {
      const bases = 'recursive' in st && st.recursive ? descendants(v0) : [v0];
      for (const v of bases) {
        if (st.t === 'field') {
          if (isObj(v) && st.name in v) next.push(v[st.name]);
        } else if (st.t === 'all') {
          if (Array.isArray(v)) next.push(...v);
          else if (isObj(v)) next.push(...Object.values(v));
        } else if (st.t === 'index') {
          for (const k of st.list) {
            if (typeof k === 'number' && Array.isArray(v)) {
              const idx = k < 0 ? v.length + k : k;
              if (idx < 0 || idx >= v.length) throw new JsonPathError(`array index out of bounds: index ${k}, length ${v.length}`);
              next.push(v[idx]);
            } else if (isObj(v) && String(k) in v) next.push(v[String(k)]);
          }
        } else if (st.t === 'slice') {
          if (!Array.isArray(v)) continue;
          const n = v.length;
          const norm = (x: number | undefined, d: number) => (x === undefined ? d : x < 0 ? Math.max(0, n + x) : Math.min(n, x));
          const step = st.step ?? 1;
          for (let i = norm(st.start, 0); i < norm(st.end, n); i += step) next.push(v[i]);
        } else {
          const items = Array.isArray(v) ? v : isObj(v) ? Object.values(v) : [];
          for (const item of items) {
            const left = evalPath(st.left, root, item);
            if (!st.op) {
              if (left.length) next.push(item);
              continue;
            }
            const rights = st.rightPath ? evalPath(st.rightPath, root, item) : [st.right];
            if (left.some((l) => rights.some((r) => compare(l, st.op!, r)))) next.push(item);
          }
        }
      }
    }
    vals = next;
  }
  return vals;
}

/** A value as client-go prints it: strings raw, everything else as JSON. */
export function printValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Runs a template over an object (missing keys print nothing, as kubectl allows them). */
export function execute(tpl: string | Node[], data: unknown): string {
  const nodes = typeof tpl === 'string' ? parseTemplate(tpl) : tpl;
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.text;
    else if (n.t === 'path') out += evalPath(n.steps, data).map(printValue).join(' ');
    else {
      for (const base of evalPath(n.steps, data)) {
        const items = Array.isArray(base) ? base : [base];
        for (const item of items) out += executeIn(n.body, data, item);
      }
    }
  }
  return out;
}

function executeIn(nodes: Node[], root: unknown, cur: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.text;
    else if (n.t === 'path') out += evalPath(n.steps, root, cur).map(printValue).join(' ');
    else for (const base of evalPath(n.steps, root, cur)) for (const item of Array.isArray(base) ? base : [base]) out += executeIn(n.body, root, item);
  }
  return out;
}

/** kubectl's RelaxedJSONPathExpression: `.a.b`, `a.b` or `{.a.b}` → `{.a.b}`. */
export function relaxed(expr: string): string {
  const e = expr.trim();
  if (e.startsWith('{') && e.endsWith('}')) return e;
  return `{${e.startsWith('.') || e.startsWith('$') ? e : `.${e}`}}`;
}
