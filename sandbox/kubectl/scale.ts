// `kubectl scale TYPE NAME --replicas=N`: kinds with a scale subresource (Deployments, ReplicaSets,
// StatefulSets, VirtualMachineInstanceReplicaSets, VirtualMachinePools); their controllers follow.
// `kubectl autoscale TYPE NAME --max=N [--min=N] [--cpu-percent=N] [--name=HPA]`: an HPA for one
// of them (kubectl's autoscale Validate and its autoscaling/v1 object; simulator/hpa.ts runs it).
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

export function autoscale(ctx: CommandContext, flags: Flags, ns: string): Result {
  const { io } = ctx;
  const int = (v: string | undefined, flag: string): number | string => {
    if (v === undefined) return -1;
    return /^-?\d+$/.test(v) ? Number(v) : `error: invalid argument "${v}" for "--${flag}" flag: strconv.ParseInt: parsing "${v}": invalid syntax\nSee 'kubectl autoscale --help' for usage.`;
  };
  const max = int(flags.max, 'max');
  const min = int(flags.min, 'min');
  const cpu = int(flags.cpuPercent, 'cpu-percent');
  for (const v of [max, min, cpu]) if (typeof v === 'string') return (io.out(`${v}\n`), 1);
  if ((max as number) < 1) return (io.out(`error: --max=MAXPODS is required and must be at least 1, max: ${max}\n`), 1);
  if ((max as number) < (min as number)) return (io.out(`error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}\n`), 1);
  const { target, code } = oneTarget(ctx, flags, 'autoscale', ns);
  if (!target) return code;
  if (!SCALABLE.has(target.res.kind)) {
    io.out(`error: cannot autoscale a ${target.res.kind}: the server could not find the requested resource\n`);
    return 1;
  }
  const name = flags.name ?? target.stored.name;
  if (ctx.sandbox.find('HorizontalPodAutoscaler', ns, name)) {
    io.out(`Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "${name}" already exists\n`);
    return 1;
  }
  const hpa = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: ns },
    spec: {
      maxReplicas: max,
      minReplicas: (min as number) >= 0 ? min : 1,
      scaleTargetRef: { apiVersion: String(target.stored.obj.apiVersion ?? target.res.apiVersion), kind: target.res.kind, name: target.stored.name },
      ...((cpu as number) >= 0 ? { targetCPUUtilizationPercentage: cpu } : {}),
    },
  };
  // an object kubectl builds itself: stored as the API server stores it (simulator/hpa.ts runs it)
  ctx.sandbox.apply(hpa);
  io.out(`horizontalpodautoscaler.autoscaling/${name} autoscaled\n`);
  return 0;
}
