// `kubectl get … -w`: the first table stays, then one line per changed row.
import { columnWidths, table } from '../format.ts';
import type { CommandContext, Job } from '../types.ts';
import type { Target } from './resources.ts';
import { headers, rows, type Row } from './rows.ts';

/** `kubectl get … -w`: a line for each change of a row, until Ctrl-C. */
export function watchJob(ctx: CommandContext, t: Target, ns: string, wide: boolean, first: Row[]): Job {
  const head = headers(t.res.kind, wide);
  const widths = columnWidths([head, ...first.map((r) => r.cells)]);
  const seen = new Map(first.map((r) => [r.name, r.key]));
  if (!first.length) ctx.io.out(''); // kubectl prints nothing until the first object appears
  let printedHeader = first.length > 0;
  return {
    tick() {
      for (const r of rows(ctx, t.res.kind, ns, t.name, wide)) {
        if (seen.get(r.name) === r.key) continue;
        seen.set(r.name, r.key);
        if (!printedHeader) {
          ctx.io.out(`${table([head], columnWidths([head, r.cells]))[0]}\n`);
          for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, r.cells[i]?.length ?? 0);
          printedHeader = true;
        }
        ctx.io.out(`${table([r.cells], widths.map((w, i) => Math.max(w, r.cells[i]?.length ?? 0)))[0]}\n`);
      }
      return undefined;
    },
    input() {
      return undefined;
    },
    interrupt() {},
  };
}
