// virtctl's flag parsing (cobra/pflag): --flag=value, --flag value, -n NS, boolean flags, and
// pflag's errors ("unknown flag: --x", "flag needs an argument: --x").

export interface VirtctlArgs {
  ns: string;
  positional: string[];
  flags: Map<string, string>;
  /** Everything after `--` (ssh's remote command). */
  rest: string[];
}

/**
 * `valued`: flags that take a value; `bools`: flags that do not. Any other flag is an error, as
 * with virtctl. Throws Error(pflag's message).
 */
export function parseVirtctlArgs(args: string[], defaultNs: string, valued: string[], bools: string[] = []): VirtctlArgs {
  const out: VirtctlArgs = { ns: defaultNs, positional: [], flags: new Map(), rest: [] };
  const short: Record<string, string> = { n: 'namespace', i: 'identity-file', l: 'username', c: 'command', p: 'port' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.rest = args.slice(i + 1);
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      out.positional.push(a);
      continue;
    }
    let name: string;
    let value: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (eq >= 0) value = a.slice(eq + 1);
    } else {
      const s = a[1]!;
      name = short[s] ?? s;
      if (!(s in short)) throw new Error(`unknown shorthand flag: '${s}' in ${a}`);
      if (a.length > 2) value = a.slice(2).replace(/^=/, '');
    }
    if (name === 'namespace' || valued.includes(name)) {
      if (value === undefined) {
        value = args[++i];
        if (value === undefined) throw new Error(`flag needs an argument: --${name}`);
      }
      if (name === 'namespace') out.ns = value;
      else out.flags.set(name, value);
    } else if (bools.includes(name)) {
      out.flags.set(name, value ?? 'true');
    } else throw new Error(`unknown flag: --${name}`);
  }
  return out;
}

/** A Kubernetes quantity in MiB (for sizes: 1Gi → 1024). */
export function quantityMi(q: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(q);
  if (!m) return undefined;
  const f: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1048576, K: 1e3 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576, T: 1e12 / 1048576 };
  return m[2] ? Number(m[1]) * f[m[2]]! : Number(m[1]) / 1048576;
}
