// One argument parser for every kvlab command: node:util parseArgs in strict mode, its
// ERR_PARSE_ARGS_* errors turned into one-line messages, one result shape (ArgsResult), and the
// validators the commands share. A command keeps a pure `parseXArgs(argv): ArgsResult<XArgs>`;
// its run() prints the error with the usage text and exits 2 (usageError below).
// `--flag value` and `--flag=value` both work; an option declared `multiple` is repeatable,
// any other string option given twice is an error; `--help`/`-h` is every command's.
import { parseArgs } from 'node:util';
import { escapeControl } from './terminal-text.ts';

export type ArgsResult<T> = { ok: true; args: T } | { ok: false; error: string };

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string;
}
export type OptionsSpec = Record<string, OptionSpec>;

/** What parsing gives for each option: booleans are false and repeatable options [] when absent. */
export type Values<O extends OptionsSpec> = {
  [K in keyof O]: O[K] extends { type: 'boolean' }
    ? boolean
    : O[K] extends { multiple: true }
      ? string[]
      : O[K] extends { default: string }
        ? string
        : string | undefined;
} & { help: boolean };

export interface Parsed<O extends OptionsSpec> {
  values: Values<O>;
  positionals: string[];
}

/** Thrown by the validators (and `fail`) inside parseCommandArgs' build step. */
export class ArgError extends Error {}

export function fail(message: string): never {
  throw new ArgError(message);
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const satisfies OptionsSpec;

type Token = ReturnType<typeof parseArgs>['tokens'] extends (infer T)[] | undefined ? T : never;

/** The message for the token node's strict parse refused (the first bad one, as node checks them). */
function explain(argv: string[], options: OptionsSpec, positionals: boolean): string | undefined {
  const { tokens } = parseArgs({ args: argv, options: nodeOptions(options), strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens as Token[]) {
    if (t.kind === 'positional') {
      if (!positionals) return `unexpected argument "${t.value}"`;
    } else if (t.kind === 'option') {
      const o = options[t.name];
      if (!o) return `unknown option "${t.rawName}"`;
      if (o.type === 'boolean' && t.value !== undefined) return `${t.rawName} takes no value`;
      // node takes the next argument as the value, then refuses one that looks like an option
      if (o.type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.length > 1 && t.value.startsWith('-')))) return `${t.rawName} needs a value`;
    }
  }
  return undefined;
}

function nodeOptions(options: OptionsSpec) {
  return Object.fromEntries(Object.entries(options).map(([k, o]) => [k, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]));
}

/** argv → values and positionals, or the one error to print. `positionals`: the command takes files or names. */
export function parseArgv<const O extends OptionsSpec>(argv: readonly string[], options: O, { positionals = false } = {}): ArgsResult<Parsed<O>> {
  const all: OptionsSpec = { ...HELP, ...options };
  const args = [...argv];
  let parsed;
  try {
    parsed = parseArgs({ args, options: nodeOptions(all), strict: true, allowPositionals: positionals, tokens: true });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw e;
    return { ok: false, error: explain(args, all, positionals) ?? (e as Error).message.split('\n')[0] };
  }
  const seen = new Set<string>();
  for (const t of parsed.tokens as Token[]) {
    if (t.kind !== 'option' || all[t.name].type !== 'string') continue;
    if (t.value === '') return { ok: false, error: `${t.rawName} needs a value` };
    if (all[t.name].multiple) continue;
    if (seen.has(t.name)) return { ok: false, error: `--${t.name} given twice` };
    seen.add(t.name);
  }
  const values: Record<string, unknown> = {};
  for (const [k, o] of Object.entries(all)) {
    const v = (parsed.values as Record<string, unknown>)[k];
    values[k] = v ?? (o.type === 'boolean' ? false : o.multiple ? [] : o.default);
  }
  return { ok: true, args: { values: values as Values<O>, positionals: parsed.positionals } };
}

/**
 * argv → the command's own args: parseArgv, then `build` (which may call the validators or
 * `fail`; their ArgError becomes the result's error).
 */
export function parseCommandArgs<const O extends OptionsSpec, T>(
  argv: readonly string[],
  options: O,
  build: (values: Values<O>, positionals: string[]) => T,
  opts: { positionals?: boolean } = {},
): ArgsResult<T> {
  const r = parseArgv(argv, options, opts);
  if (!r.ok) return r;
  try {
    return { ok: true, args: build(r.args.values, r.args.positionals) };
  } catch (e) {
    if (e instanceof ArgError) return { ok: false, error: e.message };
    throw e;
  }
}

/** What run() prints on stderr for a bad argument (then exits 2): the error, then the usage. */
export function usageError(command: string, error: string, usage: string): string {
  return `kvlab ${command}: ${escapeControl(error)}\n\n${usage}`;
}

// Validators: each returns the value or throws ArgError with a one-line message naming the flag.

/** A whole number ≥ min (and ≤ max). */
export function integer(flag: string, v: string, min?: number, max?: number): number {
  const n = Number(v);
  if (v.trim() !== '' && Number.isInteger(n) && (min === undefined || n >= min) && (max === undefined || n <= max)) return n;
  const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` ≥ ${min}` : '';
  return fail(`${flag} must be an integer${range}, got "${v}"`);
}

export function positiveInteger(flag: string, v: string): number {
  return integer(flag, v, 1);
}

/** A TCP port; 0 lets the system pick a free one. */
export function port(flag: string, v: string): number {
  const n = Number(v);
  if (v.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 65535) return n;
  return fail(`${flag} must be a port number (0 to 65535), got "${v}"`);
}

export function oneOf<const C extends string>(flag: string, v: string, choices: readonly C[]): C {
  if ((choices as readonly string[]).includes(v)) return v as C;
  return fail(`unknown ${flag} "${v}"; use one of: ${choices.join(', ')}`);
}

/**
 * What every command's run() does first: the parsed arguments, or the exit code to return at
 * once — 2 after printing the error and the usage, 0 after printing the usage for --help.
 */
export function argsOrExit<T extends { help?: boolean }>(
  command: string,
  parsed: ArgsResult<T>,
  usage: string,
  io: { out(s: string): void; err(s: string): void } = { out: (s) => console.log(s), err: (s) => console.error(s) },
): T | number {
  if (!parsed.ok) {
    io.err(usageError(command, parsed.error, usage));
    return 2;
  }
  if (parsed.args.help) {
    io.out(usage);
    return 0;
  }
  return parsed.args;
}
