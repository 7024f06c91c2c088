// kubectl's flags (-n, -o, -f, --from-file, -w, -A, --dry-run …) and the files -f names.
import type { CommandContext } from '../types.ts';

class UsageError extends Error {}

export interface Flags {
  namespace?: string;
  output?: string;
  watch: boolean;
  files: string[];
  fromFile: string[];
  fromLiteral: string[];
  allNamespaces: boolean;
  dryRun?: string;
  /** -l/--selector. */
  selector?: string;
  showLabels: boolean;
  sortBy?: string;
  /** patch: --type, -p/--patch. */
  patchType?: string;
  patch?: string;
  replicas?: string;
  /** autoscale: --min, --max, --cpu-percent, --name. */
  min?: string;
  max?: string;
  cpuPercent?: string;
  name?: string;
  overwrite: boolean;
  all: boolean;
  /** wait: --for (repeatable in kubectl; the last one counts here), --timeout. */
  waitFor?: string;
  timeout?: string;
  container?: string;
  tail?: string;
  follow: boolean;
  previous: boolean;
  recursive: boolean;
  /** delete: --cascade[=background|foreground|orphan] (kubectl's NoOptDefVal: background), --ignore-not-found. */
  cascade?: string;
  ignoreNotFound: boolean;
  /** delete's --grace-period, --wait, --now, --force: accepted; the sandbox deletes at once. */
  gracePeriod?: string;
  wait?: boolean;
  now?: boolean;
  force?: boolean;
  positional: string[];
}

const VALUE_FLAGS: Record<string, keyof Flags> = {
  '-n': 'namespace', '--namespace': 'namespace', '-o': 'output', '--output': 'output',
  '-f': 'files', '--filename': 'files', '--from-file': 'fromFile', '--from-literal': 'fromLiteral', '--dry-run': 'dryRun',
  '-l': 'selector', '--selector': 'selector', '--sort-by': 'sortBy', '--type': 'patchType', '-p': 'patch', '--patch': 'patch',
  '--replicas': 'replicas', '--min': 'min', '--max': 'max', '--cpu-percent': 'cpuPercent', '--name': 'name', '--for': 'waitFor', '--timeout': 'timeout', '-c': 'container', '--container': 'container', '--tail': 'tail',
  '--grace-period': 'gracePeriod',
};

/** Boolean flags (kubectl accepts --flag=true|false too). */
const BOOL_FLAGS: Record<string, keyof Flags> = {
  '-w': 'watch', '--watch': 'watch', '-A': 'allNamespaces', '--all-namespaces': 'allNamespaces', '--show-labels': 'showLabels',
  '--overwrite': 'overwrite', '--all': 'all', '--follow': 'follow', '--previous': 'previous',
  '--recursive': 'recursive', '-R': 'recursive', '--ignore-not-found': 'ignoreNotFound',
  // delete's waiting and grace: the sandbox deletes at once, so they change nothing here
  '--wait': 'wait', '--now': 'now', '--force': 'force',
};

/** `verb`: for logs, -f is --follow and -p --previous. */
export function parseFlags(args: string[], verb?: string): Flags {
  const f: Flags = { watch: false, files: [], fromFile: [], fromLiteral: [], allNamespaces: false, showLabels: false, overwrite: false, all: false, follow: false, previous: false, recursive: false, ignoreNotFound: false, positional: [] };
  const set = (key: keyof Flags, v: string) => {
    const cur = f[key];
    if (Array.isArray(cur)) (cur as string[]).push(v);
    else (f as unknown as Record<string, unknown>)[key] = v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (verb === 'logs' && (a === '-f' || a === '-p')) {
      if (a === '-f') f.follow = true;
      else f.previous = true;
      continue;
    }
    if (name === '--cascade') {
      f.cascade = eq > 0 ? a.slice(eq + 1) : 'background';
      continue;
    }
    if (name in VALUE_FLAGS) {
      let v: string | undefined;
      if (a.startsWith('--') && eq > 0) v = a.slice(eq + 1);
      else v = args[++i];
      if (v === undefined) throw new UsageError(`flag needs an argument: '${name.replace(/^-+/, '')}' in ${name}`);
      set(VALUE_FLAGS[name]!, v);
    } else if (/^-[noflpc]./.test(a) && !a.startsWith('--')) {
      set(VALUE_FLAGS[a.slice(0, 2)]!, a.slice(2).replace(/^=/, ''));
    } else if (name in BOOL_FLAGS) {
      const v = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : 'true';
      if (v !== 'true' && v !== 'false') throw new UsageError(`invalid argument "${v}" for "${name}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`);
      (f as unknown as Record<string, boolean>)[BOOL_FLAGS[name]!] = v === 'true';
    } else if (a === '--dry-run') f.dryRun = 'client';
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown flag: ${name}`);
    else f.positional.push(a);
  }
  return f;
}

/** Files named by -f: a file, or the .yaml/.yml/.json files of a folder, or `-` (standard input: readFile). */
export function filesOf(ctx: CommandContext, flags: Flags): string[] | string {
  if (!flags.files.length) return 'error: must specify one of -f and -k';
  const out: string[] = [];
  for (const f of flags.files) {
    if (f === '-') {
      if (ctx.stdin === undefined) return `error: -f - reads standard input, and commands in the sandbox get none from the keyboard; pipe the YAML in (cat FILE | kubectl … -f -) or give a here-document (kubectl … -f - <<EOF, the YAML, then EOF)`;
      out.push(f);
    } else if (ctx.vfs.isDir(f)) {
      const under = ctx.vfs.filesUnder(f).filter((p) => /\.(ya?ml|json)$/.test(p));
      out.push(...under.map((p) => (f.endsWith('/') ? f : `${f}/`) + p.slice(p.lastIndexOf('/') + 1)));
    } else if (ctx.vfs.isFile(f)) out.push(f);
    else return `error: the path "${f}" does not exist${ctx.whereFrom(f)}`;
  }
  return out;
}

/** A file -f names, `-` being standard input (kubectl calls it STDIN in its messages). */
export function readFile(ctx: CommandContext, f: string): string {
  return f === '-' ? (ctx.stdin ?? '') : ctx.vfs.read(f);
}
