// `kubectl wait TYPE NAME|TYPE/NAME|-l SEL|--all --for=condition=C[=V]|jsonpath='{…}'[=V]|delete|create
// [--timeout=30s]`: checks at once, then on every simulated step until the timeout, with
// kubectl's "condition met" and "timed out waiting for the condition on …" lines.
import type { CommandContext, Job, Result } from '../types.ts';
import { isObj, type Obj } from '../../validators/raw.ts';
import type { Flags } from './flags.ts';
import { evalPath, JsonPathError, parseTemplate, printValue, relaxed } from './jsonpath.ts';
import { objectOf } from './object.ts';
import { notFound, targets, type Resource } from './resources.ts';
import { rows } from './rows.ts';
import { matches, parseSelector } from './selector.ts';

/** Go's time.ParseDuration for what kubectl users write (30s, 5m, 1h30m, 0); seconds or an error. */
export function goDuration(s: string): number | string {
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let at = 0;
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  while ((m = re.exec(body))) {
    total += Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    at = re.lastIndex;
  }
  if (!body || at !== body.length) return /^\d+$/.test(body) ? `time: missing unit in duration "${s}"` : `time: invalid duration "${s}"`;
  return neg ? -total : total;
}

type Check = (o: Obj | undefined) => boolean;

function conditionOf(spec: string): Check | string {
  if (spec === 'delete') return (o) => !o;
  if (spec === 'create') return (o) => !!o;
  if (spec.startsWith('condition=')) {
    const rest = spec.slice(10);
    const eq = rest.indexOf('=');
    const type = eq >= 0 ? rest.slice(0, eq) : rest;
    const want = eq >= 0 ? rest.slice(eq + 1) : 'true';
    return (o) => {
      const conds = o && isObj(o.status) && Array.isArray(o.status.conditions) ? (o.status.conditions as Obj[]) : [];
      return conds.some((c) => String(c.type).toLowerCase() === type.toLowerCase() && String(c.status).toLowerCase() === want.toLowerCase());
    };
  }
  if (spec.startsWith('jsonpath=')) {
    const rest = spec.slice(9);
    // the expression ends at its closing brace; what follows "=" is the value
    const close = rest.startsWith('{') ? rest.indexOf('}') : -1;
    const expr = close >= 0 ? rest.slice(0, close + 1) : rest.split('=')[0]!;
    const after = rest.slice(expr.length);
    const value = after.startsWith('=') ? after.slice(1) : undefined;
    let node;
    try {
      node = parseTemplate(relaxed(expr))[0];
    } catch (e) {
      return `error: unable to parse jsonpath expression ${expr}: ${(e as JsonPathError).message}`;
    }
    if (!node || node.t !== 'path') return `error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'`;
    const steps = node.steps;
    return (o) => {
      if (!o) return false;
      let vals: unknown[];
      try {
        vals = evalPath(steps, o);
      } catch {
        return false;
      }
      if (value === undefined) return vals.length > 0 && vals.some((v) => v !== '' && v !== null && v !== undefined);
      return vals.length === 1 && printValue(vals[0]) === value;
    };
  }
  return `error: unrecognized condition: "${spec}"`;
}

export function wait(ctx: CommandContext, flags: Flags, ns: string): Result {
  const { io, sandbox } = ctx;
  const check = conditionOf(flags.waitFor ?? '');
  if (typeof check === 'string') {
    io.out(`${check}\n`);
    return 1;
  }
  const timeout = goDuration(flags.timeout ?? '30s');
  if (typeof timeout === 'string') {
    io.out(`error: invalid argument "${flags.timeout}" for "--timeout" flag: ${timeout}\n`);
    return 1;
  }
  const ts = targets(ctx, flags, 'wait');
  if (!ts) return 1;
  const items: { res: Resource; name: string }[] = [];
  for (const t of ts) {
    if (t.name) items.push({ res: t.res, name: t.name });
    else if (flags.all || flags.selector) {
      const sel = parseSelector(flags.selector ?? '');
      for (const r of rows(ctx, t.res.kind, ns, undefined, false)) {
        const o = objectOf(ctx, t.res.kind, ns, r.name);
        const labels = isObj(o.metadata) && isObj(o.metadata.labels) ? (o.metadata.labels as Record<string, string>) : {};
        if (matches(sel, labels)) items.push({ res: t.res, name: r.name });
      }
    } else {
      io.out('error: resource(s) were provided, but no name was specified\n');
      return 1;
    }
  }
  if (!items.length) {
    io.out('error: no matching resources found\n');
    return 1;
  }
  const current = (it: { res: Resource; name: string }) => (rows(ctx, it.res.kind, ns, it.name, false).length ? objectOf(ctx, it.res.kind, ns, it.name) : undefined);
  const deleting = flags.waitFor === 'delete';
  const creating = flags.waitFor === 'create';
  for (const it of items) {
    if (!deleting && !creating && !current(it)) {
      io.out(`${notFound(it.res, it.name)}\n`);
      return 1;
    }
  }
  const until = sandbox.now + (timeout < 0 ? 7 * 24 * 3600 : timeout);
  const left = [...items];
  let code = 0;
  const step = (): number | undefined => {
    for (let i = 0; i < left.length; i++) {
      if (check(current(left[i]!))) {
        io.out(`${left[i]!.res.singular}/${left[i]!.name} condition met\n`);
        left.splice(i--, 1);
      }
    }
    if (!left.length) return code;
    if (sandbox.now >= until - 1e-9) {
      for (const it of left) io.out(`error: timed out waiting for the condition on ${it.res.plural.split('.')[0]}/${it.name}\n`);
      code = 1;
      return code;
    }
    return undefined;
  };
  const first = step();
  if (first !== undefined) return first;
  const job: Job = { tick: step, input: () => undefined, interrupt: () => {} };
  return job;
}
