// The text programs of the sandbox shell's pipes: base64, grep, head, tail, wc, sort, uniq, tee
// and jq (jq.ts), as GNU coreutils / grep print them. Each reads its standard input (what the
// command before the `|` printed, a here-document, `< FILE`) or the files it names, and gives
// its output and exit code; the shell runs them after the command before them has ended.
import { fromBase64Strict, toBase64 } from './kubectl/base64.ts';
import { jq } from './jq.ts';
import type { FilterInput, FilterResult } from './types.ts';

type Filter = (args: string[], input: FilterInput) => FilterResult;

/** Programs the sandbox does not have that labs pipe into: they say so instead of "command not found". */
export const UNSIMULATED_FILTERS = new Set(['awk', 'sed', 'cut', 'tr', 'xargs', 'column', 'less', 'more', 'yq', 'sha256sum', 'md5sum', 'openssl', 'python', 'python3', 'watch', 'envsubst', 'diff', 'xxd', 'od', 'rev', 'nl', 'fold', 'paste']);

const fail = (out: string, code: number): FilterResult => ({ out: out.endsWith('\n') ? out : `${out}\n`, code });

/** The texts a program reads: its files (`-` is stdin), else stdin; a missing file is reported, the rest read. */
function sources(prog: string, files: string[], input: FilterInput): { texts: { name: string; text: string }[]; errors: string; missing: boolean } {
  let errors = '';
  const texts: { name: string; text: string }[] = [];
  if (!files.length) {
    if (input.stdin === undefined) return { texts, errors: `${prog}: no input: the sandbox's commands read no keyboard input; pipe into ${prog} (cmd | ${prog} …) or name a file\n`, missing: true };
    texts.push({ name: '(standard input)', text: input.stdin });
  }
  for (const f of files) {
    if (f === '-') texts.push({ name: '(standard input)', text: input.stdin ?? '' });
    else {
      try {
        texts.push({ name: f, text: input.read(f) });
      } catch (e) {
        errors += `${prog}: ${(e as Error).message}\n`;
      }
    }
  }
  return { texts, errors, missing: errors !== '' };
}

/** Lines of a text (a last line without its newline counts). */
const linesOf = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));
const joinLines = (lines: string[]) => (lines.length ? `${lines.join('\n')}\n` : '');

/** Splits `-n5`, `-n 5`, `--lines=5`, `-5` style counts; returns the args left and the count text. */
function countFlag(args: string[], short: string, long: string): { rest: string[]; count: string | undefined; other: string | undefined } {
  const rest: string[] = [];
  let count: string | undefined;
  let other: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `-${short}` || a === `--${long}`) count = args[++i];
    else if (a.startsWith(`--${long}=`)) count = a.slice(long.length + 3);
    else if (a.startsWith(`-${short}`)) count = a.slice(2);
    else if (/^-\d+$/.test(a)) count = a.slice(1);
    else if (a.startsWith('-') && a !== '-') other ??= a;
    else rest.push(a);
  }
  return { rest, count, other };
}

const head: Filter = (args, input) => {
  const { rest, count, other } = countFlag(args, 'n', 'lines');
  if (other) return fail(`head: invalid option -- '${other.replace(/^-+/, '')}'\nTry 'head --help' for more information.`, 1);
  const n = count === undefined ? 10 : Number(count);
  if (!Number.isInteger(n)) return fail(`head: invalid number of lines: ‘${count}’`, 1);
  const src = sources('head', rest, input);
  const out = src.texts.map((t, i) => `${src.texts.length > 1 ? `${i ? '\n' : ''}==> ${t.name} <==\n` : ''}${joinLines(n >= 0 ? linesOf(t.text).slice(0, n) : linesOf(t.text).slice(0, n))}`);
  return { out: src.errors + out.join(''), code: src.missing ? 1 : 0 };
};

const tail: Filter = (args, input) => {
  if (args.some((a) => a === '-f' || a === '--follow' || a === '-F')) return fail(notSimulatedFilter('tail -f'), 1);
  const { rest, count, other } = countFlag(args, 'n', 'lines');
  if (other) return fail(`tail: invalid option -- '${other.replace(/^-+/, '')}'\nTry 'tail --help' for more information.`, 1);
  const from = count?.startsWith('+');
  const n = count === undefined ? 10 : Math.abs(Number(count));
  if (!Number.isInteger(n)) return fail(`tail: invalid number of lines: ‘${count}’`, 1);
  const src = sources('tail', rest, input);
  const pick = (l: string[]) => (from ? l.slice(Math.max(0, n - 1)) : n === 0 ? [] : l.slice(-n));
  const out = src.texts.map((t, i) => `${src.texts.length > 1 ? `${i ? '\n' : ''}==> ${t.name} <==\n` : ''}${joinLines(pick(linesOf(t.text)))}`);
  return { out: src.errors + out.join(''), code: src.missing ? 1 : 0 };
};

/** GNU grep's options the labs use: -i -v -E -F -c -n -q -w -o -e PATTERN, bundled or not. */
const grep: Filter = (args, input) => {
  const opts = new Set<string>();
  const patterns: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-e' || a === '--regexp') patterns.push(args[++i] ?? '');
    else if (a.startsWith('--regexp=')) patterns.push(a.slice(9));
    else if (a.startsWith('--')) {
      const long: Record<string, string> = { '--ignore-case': 'i', '--invert-match': 'v', '--extended-regexp': 'E', '--fixed-strings': 'F', '--count': 'c', '--line-number': 'n', '--quiet': 'q', '--silent': 'q', '--word-regexp': 'w', '--only-matching': 'o' };
      if (long[a]) opts.add(long[a]);
      else if (!/^--colou?r(=.*)?$/.test(a)) return fail(`grep: unrecognized option '${a}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.`, 2);
    } else if (a.startsWith('-') && a.length > 1) {
      for (const [j, c] of [...a.slice(1)].entries()) {
        if (c === 'e') {
          patterns.push(a.slice(j + 2) || (args[++i] ?? ''));
          break;
        }
        if (!'ivEFcnqwoHh'.includes(c)) return fail(`grep: invalid option -- '${c}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.`, 2);
        opts.add(c);
      }
    } else if (!patterns.length && !args.slice(0, i).some((x) => x === '-e' || x.startsWith('--regexp'))) patterns.push(a);
    else files.push(a);
  }
  if (!patterns.length) return fail(`Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.`, 2);
  let re: RegExp;
  try {
    const parts = patterns.flatMap((p) => p.split('\n')).map((p) => (opts.has('F') ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : opts.has('E') ? p : basicToJs(p)));
    const body = parts.map((p) => (opts.has('w') ? `(?<![A-Za-z0-9_])(?:${p})(?![A-Za-z0-9_])` : `(?:${p})`)).join('|');
    re = new RegExp(body, `${opts.has('i') ? 'i' : ''}g`);
  } catch {
    return fail(`grep: ${patterns.some((p) => /[([]/.test(p)) ? 'Unmatched ( or \\(' : 'Invalid regular expression'}`, 2);
  }
  const src = sources('grep', files, input);
  if (src.texts.length === 0 && src.missing) return { out: src.errors, code: 2 };
  let out = '';
  let any = false;
  for (const t of src.texts) {
    const prefix = src.texts.length > 1 && !opts.has('h') ? `${t.name}:` : '';
    let count = 0;
    linesOf(t.text).forEach((l, n) => {
      re.lastIndex = 0;
      const hit = re.test(l) !== opts.has('v');
      if (!hit) return;
      count++;
      if (opts.has('c') || opts.has('q')) return;
      const at = opts.has('n') ? `${n + 1}:` : '';
      if (opts.has('o') && !opts.has('v')) for (const m of l.matchAll(re)) out += `${prefix}${at}${m[0]}\n`;
      else out += `${prefix}${at}${l}\n`;
    });
    if (opts.has('c')) out += `${prefix}${count}\n`;
    any ||= count > 0;
  }
  if (opts.has('q')) return { out: '', code: any ? 0 : src.missing ? 2 : 1 };
  return { out: src.errors + out, code: src.missing ? 2 : any ? 0 : 1 };
};

/** A POSIX basic regular expression as a JavaScript one: \( \) \{ \} \| \+ \? are the operators, ( ) { } | + ? literal. */
function basicToJs(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\' && i + 1 < p.length) {
      const d = p[++i]!;
      out += '(){}|+?'.includes(d) ? d : `\\${d}`;
    } else out += '(){}|+?'.includes(c) ? `\\${c}` : c;
  }
  return out;
}

const wc: Filter = (args, input) => {
  const flags = new Set(args.filter((a) => /^-[lwcm]+$/.test(a)).flatMap((a) => [...a.slice(1)]));
  const long: Record<string, string> = { '--lines': 'l', '--words': 'w', '--bytes': 'c', '--chars': 'm' };
  for (const a of args) if (long[a]) flags.add(long[a]);
  const bad = args.find((a) => a.startsWith('-') && a !== '-' && !/^-[lwcm]+$/.test(a) && !long[a]);
  if (bad) return fail(`wc: ${bad.startsWith('--') ? `unrecognized option '${bad}'` : `invalid option -- '${bad.slice(1).replace(/[lwcm]/g, '')[0]}'`}\nTry 'wc --help' for more information.`, 1);
  const shown = (flags.size ? ['l', 'w', 'm', 'c'].filter((f) => flags.has(f)) : ['l', 'w', 'c']);
  const src = sources('wc', args.filter((a) => !a.startsWith('-') || a === '-'), input);
  const counts = src.texts.map((t) => {
    const c: Record<string, number> = { l: (t.text.match(/\n/g) ?? []).length, w: t.text.split(/\s+/).filter(Boolean).length, c: new TextEncoder().encode(t.text).length, m: [...t.text].length };
    return { name: t.name, values: shown.map((f) => c[f]!) };
  });
  if (counts.length > 1) counts.push({ name: 'total', values: shown.map((_, i) => counts.reduce((s, c) => s + c.values[i]!, 0)) });
  // GNU wc: one count of one input unpadded; else columns as wide as the files' total size, 7 with stdin
  const fromStdin = src.texts.some((t) => t.name === '(standard input)');
  const bytes = src.texts.reduce((n, t) => n + new TextEncoder().encode(t.text).length, 0);
  const width = shown.length === 1 && counts.length === 1 ? 1 : fromStdin ? 7 : String(bytes).length;
  const out = counts.map((c) => `${c.values.map((v) => String(v).padStart(width)).join(' ')}${c.name === '(standard input)' ? '' : ` ${c.name}`}\n`).join('');
  return { out: src.errors + out, code: src.missing ? 1 : 0 };
};

/** sort [-r] [-n] [-u] [-k N]: byte order (LC_ALL=C), as the sandbox has no locale. */
const sort: Filter = (args, input) => {
  const flags = new Set(args.filter((a) => /^-[rnuf]+$/.test(a)).flatMap((a) => [...a.slice(1)]));
  let key: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-k' || a.startsWith('-k')) key = parseInt(a === '-k' ? (args[++i] ?? '') : a.slice(2), 10);
    else if (a === '-r' || /^-[rnuf]+$/.test(a)) continue;
    else if (a.startsWith('-') && a !== '-') return fail(`sort: invalid option -- '${a.slice(1)}'\nTry 'sort --help' for more information.`, 2);
    else files.push(a);
  }
  const src = sources('sort', files, input);
  const field = (l: string) => (key ? l.trim().split(/\s+/).slice(key - 1).join(' ') : l);
  const cmp = (a: string, b: string) => {
    const [x, y] = flags.has('f') ? [field(a).toUpperCase(), field(b).toUpperCase()] : [field(a), field(b)];
    const d = flags.has('n') ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x < y ? -1 : x > y ? 1 : 0;
    return d || (a < b ? -1 : a > b ? 1 : 0);
  };
  let lines = src.texts.flatMap((t) => linesOf(t.text)).sort(cmp);
  if (flags.has('r')) lines.reverse();
  if (flags.has('u')) lines = lines.filter((l, i) => i === 0 || cmp(l, lines[i - 1]!) !== 0);
  return { out: src.errors + joinLines(lines), code: src.missing ? 2 : 0 };
};

const uniq: Filter = (args, input) => {
  const count = args.includes('-c');
  const src = sources('uniq', args.filter((a) => !a.startsWith('-')), input);
  const runs: { line: string; n: number }[] = [];
  for (const l of src.texts.flatMap((t) => linesOf(t.text))) {
    if (runs.length && runs[runs.length - 1]!.line === l) runs[runs.length - 1]!.n++;
    else runs.push({ line: l, n: 1 });
  }
  return { out: src.errors + runs.map((r) => `${count ? `${String(r.n).padStart(7)} ` : ''}${r.line}\n`).join(''), code: src.missing ? 1 : 0 };
};

const tee: Filter = (args, input) => {
  const append = args.includes('-a') || args.includes('--append');
  const text = input.stdin ?? '';
  let errors = '';
  for (const f of args.filter((a) => !a.startsWith('-'))) {
    try {
      input.write(f, text, append);
    } catch (e) {
      errors += `tee: ${(e as Error).message}\n`;
    }
  }
  return { out: text + errors, code: errors ? 1 : 0 };
};

/** base64 [-d|--decode] [-i] [-w N|--wrap=N] [FILE]: coreutils' encoding wraps at 76 columns. */
const base64: Filter = (args, input) => {
  let decode = false;
  let wrap = 76;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-d' || a === '--decode' || a === '-D') decode = true;
    else if (a === '-i' || a === '--ignore-garbage') continue;
    else if (a === '-w') wrap = Number(args[++i]);
    else if (/^-w\d+$/.test(a)) wrap = Number(a.slice(2));
    else if (a.startsWith('--wrap=')) wrap = Number(a.slice(7));
    else if (/^-[di]+$/.test(a)) decode = true;
    else if (a.startsWith('-') && a !== '-') return fail(`base64: invalid option -- '${a.replace(/^-+/, '')}'\nTry 'base64 --help' for more information.`, 1);
    else files.push(a);
  }
  if (!Number.isInteger(wrap) || wrap < 0) return fail(`base64: invalid wrap size: ‘${args.find((a) => /^(-w|--wrap)/.test(a)) ?? ''}’`, 1);
  if (files.length > 1) return fail(`base64: extra operand ‘${files[1]}’\nTry 'base64 --help' for more information.`, 1);
  const src = sources('base64', files, input);
  if (src.missing) return { out: src.errors, code: 1 };
  const text = src.texts[0]?.text ?? '';
  if (decode) {
    const d = fromBase64Strict(text);
    return d.ok ? { out: d.text, code: 0 } : { out: `${d.text}base64: invalid input\n`, code: 1 };
  }
  const b = toBase64(text);
  const lines = wrap === 0 ? [b] : (b.match(new RegExp(`.{1,${wrap}}`, 'g')) ?? []);
  return { out: lines.length && b ? `${lines.join('\n')}\n` : '', code: 0 };
};

export const FILTERS: Record<string, Filter> = { base64, grep, head, tail, wc, sort, uniq, tee, jq };
export const FILTER_NAMES = Object.keys(FILTERS);

/**
 * The sandbox's commands print to one stream; in a pipe or a redirect, bash's stderr would stay on
 * the terminal. The lines that are the sandbox's own notes, kubectl's "No resources found", and a
 * failed command's error lines,
 * are taken for stderr: `kubectl get secret nope -o jsonpath=… | base64 -d` shows kubectl's
 * NotFound, and base64 decodes nothing, as on a real shell.
 */
export function splitStderr(text: string, code: number): { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  for (const l of text.split(/(?<=\n)/)) {
    if (/^(kvlab sandbox: |No resources found)/.test(l) || (code !== 0 && /^(error: |Error from server|Error: |Error [a-z]|[\w.-]+: .*(No such file or directory|Is a directory|invalid|unrecognized|not found)|See '|Run '|Usage:|Try ')/.test(l))) stderr += l;
    else stdout += l;
  }
  return { stdout, stderr };
}

export function notSimulatedFilter(name: string): string {
  return `kvlab sandbox: ${name} is not simulated (the sandbox's pipes run ${FILTER_NAMES.join(', ')} and cat); use connected mode (a real cluster) for it`;
}
