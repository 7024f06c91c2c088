// `kubectl describe TYPE [NAME]`: the object's fields in kubectl's layout, and its events.
import { humanDuration, table } from '../format.ts';
import type { CommandContext } from '../types.ts';
import { isObj, type Obj } from '../../validators/raw.ts';
import { fromBase64 } from './base64.ts';
import type { Flags } from './flags.ts';
import { objectOf } from './object.ts';
import { notFound, targets } from './resources.ts';
import { rows } from './rows.ts';

export function describe(ctx: CommandContext, flags: Flags, ns: string): number {
  const { io } = ctx;
  const ts = targets(ctx, flags, 'describe');
  if (!ts) return 1;
  let code = 0;
  const blocks: string[] = [];
  for (const t of ts) {
    const names = t.name ? [t.name] : rows(ctx, t.res.kind, ns, undefined, false).map((r) => r.name);
    if (!t.name && !names.length) {
      io.out(`No resources found in ${ns} namespace.\n`);
      continue;
    }
    for (const n of names) {
      if (!rows(ctx, t.res.kind, ns, n, false).length) {
        io.out(`${notFound(t.res, n)}\n`);
        code = 1;
        continue;
      }
      const obj = objectOf(ctx, t.res.kind, ns, n);
      const meta = isObj(obj.metadata) ? obj.metadata : {};
      const labels = isObj(meta.labels) ? Object.entries(meta.labels).map(([k, v]) => `${k}=${v}`) : [];
      const lines = [
        `Name:         ${n}`,
        ...(t.res.namespaced ? [`Namespace:    ${ns}`] : []),
        `Labels:       ${labels[0] ?? '<none>'}`,
        ...labels.slice(1).map((l) => `              ${l}`),
        `Annotations:  <none>`,
        `API Version:  ${obj.apiVersion}`,
        `Kind:         ${obj.kind}`,
      ];
      const body: Obj = {};
      for (const k of Object.keys(obj)) if (!['apiVersion', 'kind', 'metadata'].includes(k)) body[k] = obj[k];
      if (t.res.kind === 'Secret') {
        const data = isObj(obj.data) ? obj.data : {};
        lines.push('', `Type:  ${obj.type ?? 'Opaque'}`, '', 'Data', '====');
        for (const [k, v] of Object.entries(data)) lines.push(`${k}:  ${fromBase64(String(v)).length} bytes`);
      } else lines.push(...describeFields(body, 0));
      const stuck = t.res.kind === 'VirtualMachineInstance' ? ctx.sandbox.cluster.vmi(ns, n)?.startError : undefined;
      if (stuck) {
        const reason = /MountVolume/.test(stuck) ? 'FailedMount' : 'FailedCreate';
        const from = reason === 'FailedMount' ? 'kubelet' : 'virtualmachine-controller';
        lines.push('Events:', ...table([['  Type', 'Reason', 'Age', 'From', 'Message'], ['  ----', '------', '----', '----', '-------'], ['  Warning', reason, humanDuration(ctx.sandbox.now - (ctx.sandbox.cluster.vmi(ns, n)?.createdAt ?? 0)), from, stuck]], undefined, 2));
      } else lines.push(...eventLines(ctx, t.res.kind, ns, n));
      blocks.push(lines.join('\n'));
    }
  }
  if (blocks.length) io.out(`${blocks.join('\n\n\n')}\n`);
  return code;
}

/** DescribeEvents: the object's events, oldest last-seen first; a repeated one as "3m (x4 over 10m)". */
function eventLines(ctx: CommandContext, kind: string, ns: string, name: string): string[] {
  const now = ctx.sandbox.now;
  const events = ctx.sandbox.cluster.api.events.about(kind, ns, name).sort((a, b) => a.lastTime - b.lastTime);
  if (!events.length) return ['Events:       <none>'];
  const rowsOf = events.map((e) => [
    `  ${e.type}`,
    e.reason,
    e.count > 1 ? `${humanDuration(now - e.lastTime)} (x${e.count} over ${humanDuration(now - e.firstTime)})` : humanDuration(now - e.firstTime),
    e.source ?? '',
    e.message.trim(),
  ]);
  return ['Events:', ...table([['  Type', 'Reason', 'Age', 'From', 'Message'], ['  ----', '------', '----', '----', '-------'], ...rowsOf], undefined, 2)];
}

/** kubectl describe's rendering of an object body: Title Case keys, nested by indentation. */
function describeFields(v: unknown, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const title = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
  const out: string[] = [];
  if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (isObj(x) || Array.isArray(x)) {
        out.push(`${pad}${title(k)}:`);
        out.push(...describeFields(x, depth + 1));
      } else out.push(`${pad}${title(k)}:${' '.repeat(Math.max(1, 12 - pad.length - k.length))}${String(x)}`);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) {
      if (isObj(x) || Array.isArray(x)) out.push(...describeFields(x, depth + 1));
      else out.push(`${pad}  ${String(x)}`);
    }
  }
  return out;
}
