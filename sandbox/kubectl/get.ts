// `kubectl get TYPE[,TYPE] [NAME…] [-o yaml|json|wide|name] [-w]`: tables, objects, names.
import { stringify } from 'yaml';
import { table } from '../format.ts';
import type { CommandContext, Result } from '../types.ts';
import type { Obj } from '../../validators/raw.ts';
import type { Flags } from './flags.ts';
import { objectOf } from './object.ts';
import { notFound, targets, type Resource } from './resources.ts';
import { headers, rows, type Row } from './rows.ts';
import { watchJob } from './watch.ts';

export function get(ctx: CommandContext, flags: Flags, ns: string): Result {
  const { io } = ctx;
  const ts = targets(ctx, flags, 'get');
  if (!ts) return 1;
  const output = flags.output;
  if (output && !['yaml', 'json', 'wide', 'name'].includes(output)) {
    io.out(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,wide,yaml\n`);
    return 1;
  }
  const wide = output === 'wide';
  let code = 0;
  const lines: string[] = [];
  const objects: Obj[] = [];
  const byRes = new Map<Resource, Row[]>();
  const notFoundLines: string[] = [];
  for (const t of ts) {
    const rs = rows(ctx, t.res.kind, ns, t.name, wide);
    if (t.name && !rs.length) {
      notFoundLines.push(notFound(t.res, t.name));
      code = 1;
      continue;
    }
    if (!byRes.has(t.res)) byRes.set(t.res, []);
    byRes.get(t.res)!.push(...rs);
    if (output === 'yaml' || output === 'json') for (const r of rs) objects.push(objectOf(ctx, t.res.kind, ns, r.name));
  }
  if (output === 'yaml' || output === 'json') {
    const doc = objects.length === 1 && ts.every((t) => t.name) ? objects[0]! : { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
    if (objects.length || !ts.every((t) => t.name)) io.out(output === 'yaml' ? stringify(doc) : `${JSON.stringify(doc, null, 4)}\n`);
  } else if (output === 'name') {
    for (const [res, rs] of byRes) for (const r of rs) lines.push(`${res.singular}/${r.name}`);
  } else {
    const multi = byRes.size > 1;
    for (const [res, rs] of byRes) {
      if (!rs.length) continue;
      const head = headers(res.kind, wide);
      const all = [head, ...rs.map((r) => (multi ? [`${res.singular}/${r.cells[0]}`, ...r.cells.slice(1)] : r.cells))];
      if (lines.length) lines.push('');
      lines.push(...table(all));
    }
  }
  for (const l of notFoundLines) io.out(`${l}\n`);
  if (lines.length) io.out(`${lines.join('\n')}\n`);
  const anyRows = [...byRes.values()].some((r) => r.length);
  if (!anyRows && !notFoundLines.length && !flags.watch) io.out(`No resources found in ${ns} namespace.\n`);
  if (!flags.watch) return code;
  if (ts.length !== 1) {
    io.out('error: you may only specify a single resource type\n');
    return 1;
  }
  return watchJob(ctx, ts[0]!, ns, wide, byRes.get(ts[0]!.res) ?? []);
}
