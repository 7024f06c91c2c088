// The sandbox's jq: the path filters labs pipe kubectl's JSON into (`.a.b`, `.items[0].x`,
// `.items[].metadata.name`, `."a-b"`, `.["k"]`, `keys`, `length`, joined with `|`), with -r
// and -c; anything else says it is not simulated. Output formatted as jq 1.7 prints it.
import type { FilterInput, FilterResult } from './types.ts';

type Step = { field: string } | { index: number } | { each: true } | { fn: 'keys' | 'length' };

/** A jq program as steps, or undefined when it is more than paths. */
export function parseJq(program: string): Step[] | undefined {
  const steps: Step[] = [];
  for (const part of program.split('|').map((p) => p.trim())) {
    if (part === 'keys' || part === 'length') {
      steps.push({ fn: part });
      continue;
    }
    if (!part.startsWith('.')) return undefined;
    let rest = part === '.' ? '' : part;
    while (rest) {
      let m: RegExpExecArray | null;
      if ((m = /^\.?\[\]\??/.exec(rest))) steps.push({ each: true });
      else if ((m = /^\.?\[(-?\d+)\]\??/.exec(rest))) steps.push({ index: Number(m[1]) });
      else if ((m = /^\.?\["([^"\\]*)"\]\??/.exec(rest))) steps.push({ field: m[1]! });
      else if ((m = /^\.([A-Za-z_][A-Za-z0-9_]*)\??/.exec(rest))) steps.push({ field: m[1]! });
      else if ((m = /^\."([^"\\]*)"\??/.exec(rest))) steps.push({ field: m[1]! });
      else return undefined;
      rest = rest.slice(m[0].length);
    }
  }
  return steps;
}

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v);

function run(steps: Step[], value: unknown): unknown[] {
  let values = [value];
  for (const s of steps) {
    const next: unknown[] = [];
    for (const v of values) {
      if ('each' in s) {
        if (Array.isArray(v)) next.push(...v);
        else if (v && typeof v === 'object') next.push(...Object.values(v));
        else throw new Error(`Cannot iterate over ${typeName(v)}${v === null ? '' : ` (${JSON.stringify(v)})`}`);
      } else if ('index' in s) {
        if (v === null) next.push(null);
        else if (!Array.isArray(v)) throw new Error(`Cannot index ${typeName(v)} with number`);
        else next.push(v.at(s.index) ?? null);
      } else if ('field' in s) {
        if (v === null) next.push(null);
        else if (typeof v !== 'object' || Array.isArray(v)) throw new Error(`Cannot index ${typeName(v)} with string "${s.field}"`);
        else next.push((v as Record<string, unknown>)[s.field] ?? null);
      } else if (s.fn === 'keys') {
        if (Array.isArray(v)) next.push(v.map((_, i) => i));
        else if (v && typeof v === 'object') next.push(Object.keys(v).sort());
        else throw new Error(`${typeName(v)}${v === null ? '' : ` (${JSON.stringify(v)})`} has no keys`);
      } else {
        next.push(v === null ? 0 : typeof v === 'string' || Array.isArray(v) ? v.length : typeof v === 'object' ? Object.keys(v).length : typeof v === 'number' ? Math.abs(v) : v);
      }
    }
    values = next;
  }
  return values;
}

export function jq(args: string[], input: FilterInput): FilterResult {
  let raw = false;
  let compact = false;
  let program: string | undefined;
  const files: string[] = [];
  for (const a of args) {
    if (a === '-r' || a === '--raw-output') raw = true;
    else if (a === '-c' || a === '--compact-output') compact = true;
    else if (a === '-M' || a === '-C' || a === '--monochrome-output') continue;
    else if (/^-[rcM]+$/.test(a)) {
      raw ||= a.includes('r');
      compact ||= a.includes('c');
    } else if (a.startsWith('-') && a !== '-') return { out: `kvlab sandbox: jq ${a} is not simulated (the sandbox's jq takes -r and -c); use connected mode (a real cluster) for it\n`, code: 2 };
    else if (program === undefined) program = a;
    else files.push(a);
  }
  const steps = parseJq(program ?? '.');
  if (!steps) return { out: `kvlab sandbox: the jq program '${program}' is not simulated (the sandbox's jq takes paths such as .a.b, .items[].metadata.name, keys, length); use connected mode (a real cluster) for it\n`, code: 3 };
  let text: string;
  try {
    text = files.length ? files.map((f) => input.read(f)).join('\n') : (input.stdin ?? '');
  } catch (e) {
    return { out: `jq: error: Could not open ${(e as Error).message}\n`, code: 2 };
  }
  if (!text.trim()) return { out: '', code: 0 };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { out: `parse error: Invalid JSON text (the sandbox's jq reads JSON: kubectl get … -o json)\n`, code: 2 };
  }
  try {
    const out = run(steps, value).map((v) => (raw && typeof v === 'string' ? v : compact ? JSON.stringify(v) : pretty(v)));
    return { out: out.map((o) => `${o}\n`).join(''), code: 0 };
  } catch (e) {
    return { out: `jq: error (at ${files.length ? files[files.length - 1] : '<stdin>'}:${(text.match(/\n/g) ?? []).length}): ${(e as Error).message}\n`, code: 5 };
  }
}

/** jq's indentation: two spaces, empty arrays and objects as [] and {}. */
function pretty(v: unknown): string {
  return JSON.stringify(v, null, 2);
}
