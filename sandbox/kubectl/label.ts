// `kubectl label|annotate TYPE NAME KEY=VALUE… KEY-… [--overwrite]`, with kubectl's messages:
// an existing key without --overwrite is refused, `KEY-` removes (a missing key is only noted).
import type { CommandContext, Result } from '../types.ts';
import { isObj, type Obj } from '../../validators/raw.ts';
import type { Flags } from './flags.ts';
import { clone, oneTarget, write } from './modify.ts';

function change(ctx: CommandContext, flags: Flags, ns: string, field: 'labels' | 'annotations'): Result {
  const { io } = ctx;
  const verb = field === 'labels' ? 'label' : 'annotate';
  const { target, code, rest } = oneTarget(ctx, flags, verb, ns);
  if (!target) return code;
  const sets: [string, string][] = [];
  const removes: string[] = [];
  for (const a of rest) {
    const eq = a.indexOf('=');
    if (eq > 0) sets.push([a.slice(0, eq), a.slice(eq + 1)]);
    else if (a.endsWith('-') && a.length > 1) removes.push(a.slice(0, -1));
    else {
      io.out(`error: invalid ${field === 'labels' ? 'label' : 'annotation'} format: ${a}\n`);
      return 1;
    }
  }
  if (!sets.length && !removes.length) {
    io.out(`error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required\nSee 'kubectl ${verb} -h' for help and examples\n`);
    return 1;
  }
  for (const [k, v] of sets) {
    if (field === 'labels' && (!/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v) || v.length > 63)) {
      io.out(`error: invalid label value: "${k}=${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n`);
      return 1;
    }
  }
  const obj = clone(target.stored.obj);
  const meta = (isObj(obj.metadata) ? obj.metadata : (obj.metadata = {})) as Obj;
  const cur = { ...((isObj(meta[field]) ? meta[field] : {}) as Record<string, string>) };
  if (!flags.overwrite) {
    for (const [k, v] of sets) {
      if (k in cur && cur[k] !== v) {
        io.out(`error: '${k}' already has a value (${cur[k]}), and --overwrite is false\n`);
        return 1;
      }
    }
  }
  for (const k of removes) {
    // kubectl names a missing key and goes on
    if (!(k in cur)) io.out(`${field === 'labels' ? 'label' : 'annotation'} "${k}" not found.\n`);
    delete cur[k];
  }
  for (const [k, v] of sets) cur[k] = v;
  if (Object.keys(cur).length) meta[field] = cur;
  else delete meta[field];
  const before = JSON.stringify(target.stored.obj.metadata);
  const changed = before !== JSON.stringify(meta);
  return write(ctx, target, obj, () => `${target.res.singular}/${target.stored.name} ${field === 'labels' ? (changed ? 'labeled' : 'not labeled') : 'annotated'}`);
}

export const label = (ctx: CommandContext, flags: Flags, ns: string) => change(ctx, flags, ns, 'labels');
export const annotate = (ctx: CommandContext, flags: Flags, ns: string) => change(ctx, flags, ns, 'annotations');
