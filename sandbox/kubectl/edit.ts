// `kubectl edit TYPE NAME`: the page opens the object's YAML in its editor (ctx.edit) and saving
// applies it, as kubectl's editor round trip does. Without an editor (the CLI) it says so.
import { stringify } from 'yaml';
import type { CommandContext, Result } from '../types.ts';
import type { Flags } from './flags.ts';
import { oneTarget, writable } from './modify.ts';
import { notSimulated } from './not-simulated.ts';

export function edit(ctx: CommandContext, flags: Flags, ns: string): Result {
  const { target, code } = oneTarget(ctx, flags, 'edit', ns);
  if (!target) return code;
  if (!ctx.edit) {
    ctx.io.out(`${notSimulated('kubectl edit here (no editor)')}; use kubectl patch, or kubectl apply -f with a changed file\n`);
    return 1;
  }
  const file = `/tmp/kubectl-edit-${target.stored.name}.yaml`;
  ctx.edit(file, `# Please edit the object below. Saving applies it (kubectl apply -f ${file});\n# closing without saving leaves it as it is.\n${stringify(writable(target.stored.obj))}`);
  ctx.io.out(`Edit ${target.res.singular}/${target.stored.name} in the editor that opened; saving applies it.\n`);
  return 0;
}
