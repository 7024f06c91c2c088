// `kubectl delete TYPE NAME… | TYPE/NAME… | -f FILE`: a VMI or launcher pod deletion ends the VMI.
import { parseAllDocuments } from 'yaml';
import type { CommandContext } from '../types.ts';
import { isObj } from '../../validators/raw.ts';
import { filesOf, readFile, type Flags } from './flags.ts';
import { launcherPods } from './rows.ts';
import { isFinal, type VmiRow } from '../../simulator/cluster.ts';
import { byKind, notFound, targets, type Resource } from './resources.ts';
import { notSimulated } from './not-simulated.ts';

const isLive = (phase: Parameters<typeof isFinal>[0] | undefined): boolean => phase !== undefined && !isFinal(phase);

/** Kinds whose children a simulated controller owns: --cascade=orphan would leave them running. */
const OWNERS = new Set(['VirtualMachine', 'VirtualMachineInstance', 'VirtualMachineInstanceReplicaSet', 'VirtualMachinePool', 'DataVolume', 'Deployment', 'ReplicaSet']);

/** kubectl's GetCascadingStrategy: the strategy, a deprecation warning for true/false, or its error. */
function cascadeOf(value: string | undefined): { strategy: 'background' | 'foreground' | 'orphan'; warning?: string } | string {
  switch (value ?? 'background') {
    case 'background':
    case 'foreground':
    case 'orphan':
      return { strategy: (value ?? 'background') as 'background' };
    case 'true':
      return { strategy: 'background', warning: 'warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.' };
    case 'false':
      return { strategy: 'orphan', warning: 'warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.' };
    default:
      return `error: invalid cascade value (${value}). Must be "background", "foreground", or "orphan".`;
  }
}

export function del(ctx: CommandContext, flags: Flags, ns: string): number {
  const { io, sandbox } = ctx;
  let code = 0;
  const cascade = cascadeOf(flags.cascade);
  if (typeof cascade === 'string') {
    io.out(`${cascade}\n`);
    return 1;
  }
  if (cascade.warning) io.out(`${cascade.warning}\n`);
  const items: { res: Resource; name: string }[] = [];
  if (flags.files.length) {
    const files = filesOf(ctx, flags);
    if (typeof files === 'string') {
      io.out(`${files}\n`);
      return 1;
    }
    for (const f of files) {
      for (const d of parseAllDocuments(readFile(ctx, f))) {
        let o: unknown;
        try {
          o = d.toJS();
        } catch {
          continue;
        }
        if (!isObj(o)) continue;
        const res = byKind(String(o.kind));
        const meta = isObj(o.metadata) ? o.metadata : {};
        if (res && typeof meta.name === 'string') items.push({ res, name: meta.name });
      }
    }
  } else {
    const ts = targets(ctx, flags, 'delete');
    if (!ts) return 1;
    for (const t of ts) {
      if (!t.name) {
        io.out('error: resource(s) were provided, but no name was specified\n');
        return 1;
      }
      items.push({ res: t.res, name: t.name });
    }
  }
  for (const { res, name } of items) {
    // a stopped VM's orphans are its DataVolumes, which stay as they are (the images lab keeps its
    // provisioned disk this way); a running VMI left without its VM is not simulated
    const stoppedVm = res.kind === 'VirtualMachine' && !isLive(sandbox.cluster.vmi(ns, name)?.phase);
    if (cascade.strategy === 'orphan' && OWNERS.has(res.kind) && !stoppedVm) {
      io.out(`${notSimulated(`kubectl delete --cascade=orphan of a ${res.kind} (its children left running without an owner)`)}; --cascade=background or foreground delete it with its children\n`);
      code = 1;
      continue;
    }
    let ok: boolean;
    if (res.kind === 'VirtualMachineInstance') ok = sandbox.cluster.vmi(ns, name) !== undefined && sandbox.deleteVmi(ns, name);
    else if (res.kind === 'Endpoints') ok = false;
    else if (res.kind === 'Pod') {
      // deleting the launcher pod ends its VMI, as on a cluster
      const vm = launcherPods(ctx, ns, name, false)[0] ? (ctx.sandbox.cluster.get('vmi', ns) as VmiRow[]).find((v) => name.startsWith(`virt-launcher-${v.name}-`)) : undefined;
      ok = !!vm && sandbox.deleteVmi(ns, vm.name);
    }
    else ok = sandbox.delete(res.kind, ns, name, cascade.strategy === 'orphan');
    if (ok) io.out(`${res.singular} "${name}" deleted\n`);
    else if (flags.ignoreNotFound) continue;
    else {
      io.out(`${notFound(res, name)}\n`);
      code = 1;
    }
  }
  return code;
}
