// `kubectl get TYPE[,TYPE] [NAME…] [-l SELECTOR] [-A] [--show-labels] [--sort-by=PATH]
// [-o yaml|json|wide|name|jsonpath=…|custom-columns=…] [-w]`: tables, objects, names, templates.
import { stringify } from 'yaml';
import { table } from '../format.ts';
import type { CommandContext, Result } from '../types.ts';
import { isObj, type Obj } from '../../validators/raw.ts';
import type { Flags } from './flags.ts';
import { execute, JsonPathError, parseTemplate, relaxed } from './jsonpath.ts';
import { objectOf } from './object.ts';
import { jsonCell } from './printers.ts';
import { notFound, targets, type Resource } from './resources.ts';
import { headers, rows, type Row } from './rows.ts';
import { matches, parseSelector, SelectorError, type Requirement } from './selector.ts';
import { watchJob } from './watch.ts';

export const OUTPUTS = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

interface Printer {
  kind: 'table' | 'wide' | 'yaml' | 'json' | 'name' | 'jsonpath' | 'custom-columns';
  arg?: string;
}

/** -o's value as kubectl reads it; a string is the error to print. */
export function printerOf(output: string | undefined): Printer | string {
  if (!output) return { kind: 'table' };
  const eq = output.indexOf('=');
  const name = eq >= 0 ? output.slice(0, eq) : output;
  const arg = eq >= 0 ? output.slice(eq + 1) : undefined;
  if (name === 'yaml' || name === 'json' || name === 'wide' || name === 'name') return { kind: name };
  if (name === 'jsonpath' || name === 'custom-columns') {
    if (!arg) return name === 'jsonpath' ? 'error: template format specified but no template given' : 'error: custom-columns format specified but no custom columns given';
    return { kind: name, arg };
  }
  if (['go-template', 'template', 'jsonpath-file', 'custom-columns-file', 'go-template-file', 'templatefile', 'jsonpath-as-json'].includes(name)) return `kvlab sandbox: -o ${name} is not simulated; use -o jsonpath=… or -o custom-columns=…, or connected mode (a real cluster)`;
  return `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${OUTPUTS}`;
}

/** Keys in alphabetical order at every level, as kubectl prints an object it read as unstructured. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
}

const labelsOf = (o: Obj): Record<string, string> => (isObj(o.metadata) && isObj(o.metadata.labels) ? (Object.fromEntries(Object.entries(o.metadata.labels).map(([k, v]) => [k, String(v)])) as Record<string, string>) : {});

/** The namespace a read looks in; undefined: every namespace (-A). */
export function readNamespace(flags: Flags, ns: string): string | undefined {
  return flags.allNamespaces ? undefined : ns;
}

export function get(ctx: CommandContext, flags: Flags, ns: string): Result {
  const { io } = ctx;
  const ts = targets(ctx, flags, 'get');
  if (!ts) return 1;
  const printer = printerOf(flags.output);
  if (typeof printer === 'string') {
    io.out(`${printer}\n`);
    return 1;
  }
  let selector: Requirement[] = [];
  try {
    selector = parseSelector(flags.selector ?? '');
  } catch (e) {
    io.out(`error: ${(e as SelectorError).message}\n`);
    return 1;
  }
  if (flags.selector && ts.some((t) => t.name)) {
    io.out('error: name cannot be provided when a selector is specified\n');
    return 1;
  }
  let customCols: { h: string; path: string }[] = [];
  if (printer.kind === 'custom-columns') {
    for (const spec of printer.arg!.split(',')) {
      const colon = spec.indexOf(':');
      if (colon < 0) {
        io.out(`error: unexpected custom-columns spec: ${spec}, expected <header>:<json-path-expr>\n`);
        return 1;
      }
      customCols.push({ h: spec.slice(0, colon), path: relaxed(spec.slice(colon + 1)) });
    }
  }
  const where = readNamespace(flags, ns);
  const allNs = where === undefined;
  const wide = printer.kind === 'wide';
  let code = 0;
  const lines: string[] = [];
  const byRes = new Map<Resource, { row: Row; obj?: Obj }[]>();
  const notFoundLines: string[] = [];
  const needObjects = selector.length > 0 || flags.showLabels || !!flags.sortBy || !['table', 'wide', 'name'].includes(printer.kind);
  for (const t of ts) {
    let rs = rows(ctx, t.res.kind, where, t.name, wide).map((row) => ({ row, obj: needObjects ? objectOf(ctx, t.res.kind, row.namespace || ns, row.name) : undefined }));
    if (t.name && !rs.length) {
      notFoundLines.push(notFound(t.res, t.name));
      code = 1;
      continue;
    }
    if (selector.length) rs = rs.filter((r) => matches(selector, labelsOf(r.obj!)));
    if (flags.sortBy) {
      const path = relaxed(flags.sortBy);
      const key = (o: Obj) => jsonCell(o, path);
      rs.sort((a, b) => {
        const x = key(a.obj!);
        const y = key(b.obj!);
        return Number.isFinite(Number(x)) && Number.isFinite(Number(y)) ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
      });
    }
    if (!byRes.has(t.res)) byRes.set(t.res, []);
    byRes.get(t.res)!.push(...rs);
  }
  const objects = [...byRes.values()].flat().map((r) => r.obj!);
  const single = objects.length === 1 && ts.every((t) => t.name) && !selector.length;
  const listDoc = () => sortKeys(single ? objects[0]! : { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } });
  if (printer.kind === 'yaml' || printer.kind === 'json') {
    if (objects.length || !ts.every((t) => t.name)) io.out(printer.kind === 'yaml' ? stringify(listDoc()) : `${JSON.stringify(listDoc(), null, 4)}\n`);
  } else if (printer.kind === 'jsonpath') {
    try {
      const tpl = parseTemplate(printer.arg!);
      if (objects.length || !ts.every((t) => t.name)) io.out(execute(tpl, listDoc()));
    } catch (e) {
      io.out(`error: error parsing jsonpath ${printer.arg}, ${(e as JsonPathError).message}\n`);
      return 1;
    }
  } else if (printer.kind === 'name') {
    for (const [res, rs] of byRes) for (const r of rs) lines.push(`${res.singular}/${r.row.name}`);
  } else if (printer.kind === 'custom-columns') {
    const all = [...byRes.values()].flat();
    if (all.length) lines.push(...table([customCols.map((c) => c.h), ...all.map((r) => customCols.map((c) => jsonCell(r.obj!, c.path)))]));
  } else {
    const multi = byRes.size > 1;
    for (const [res, rs] of byRes) {
      if (!rs.length) continue;
      let head = headers(res.kind, wide);
      const body = rs.map(({ row, obj }) => {
        let cells = multi ? [`${res.singular}/${row.cells[0]}`, ...row.cells.slice(1)] : row.cells;
        if (allNs && res.namespaced) cells = [row.namespace, ...cells];
        if (flags.showLabels) cells = [...cells, Object.entries(labelsOf(obj!)).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'];
        return cells;
      });
      if (allNs && res.namespaced) head = ['NAMESPACE', ...head];
      if (flags.showLabels) head = [...head, 'LABELS'];
      if (lines.length) lines.push('');
      lines.push(...table([head, ...body]));
    }
  }
  for (const l of notFoundLines) io.out(`${l}\n`);
  if (lines.length) io.out(`${lines.join('\n')}\n`);
  const anyRows = [...byRes.values()].some((r) => r.length);
  const clusterOnly = ts.every((t) => !t.res.namespaced);
  if (!anyRows && !notFoundLines.length && !flags.watch && !['yaml', 'json', 'jsonpath'].includes(printer.kind)) io.out(allNs || clusterOnly ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`);
  if (!flags.watch) return code;
  if (ts.length !== 1) {
    io.out('error: you may only specify a single resource type\n');
    return 1;
  }
  return watchJob(ctx, ts[0]!, where ?? ns, wide, (byRes.get(ts[0]!.res) ?? []).map((r) => r.row));
}
