// `kubectl scale TYPE NAME --replicas=N`: kinds with a scale subresource (Deployments, ReplicaSets,
// StatefulSets, VirtualMachineInstanceReplicaSets, VirtualMachinePools); their controllers follow.
import type { CommandContext, Result } from '../types.ts';
import type { Flags } from './flags.ts';
import { clone, oneTarget, write } from './modify.ts';
import { storedOnlyNote } from './not-simulated.ts';

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'VirtualMachineInstanceReplicaSet', 'VirtualMachinePool']);

export function scale(ctx: CommandContext, flags: Flags, ns: string): Result {
  const { io } = ctx;
  if (flags.replicas === undefined) {
    io.out(`error: required flag(s) "replicas" not set\n`);
    return 1;
  }
  const n = Number(flags.replicas);
  if (!/^-?\d+$/.test(flags.replicas)) {
    io.out(`error: invalid argument "${flags.replicas}" for "--replicas" flag: strconv.ParseInt: parsing "${flags.replicas}": invalid syntax\nSee 'kubectl scale --help' for usage.\n`);
    return 1;
  }
  if (n < 0) {
    io.out('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n');
    return 1;
  }
  const { target, code } = oneTarget(ctx, flags, 'scale', ns);
  if (!target) return code;
  if (!SCALABLE.has(target.res.kind)) {
    io.out('Error from server (NotFound): the server could not find the requested resource\n');
    return 1;
  }
  const obj = clone(target.stored.obj);
  obj.spec = { ...(typeof obj.spec === 'object' && obj.spec ? obj.spec : {}), replicas: n };
  const r = write(ctx, target, obj, () => `${target.res.singular}/${target.stored.name} scaled`);
  const note = storedOnlyNote(ctx.sandbox, target.res.kind);
  if (note && r === 0) io.out(`${note}\n`);
  return r;
}
