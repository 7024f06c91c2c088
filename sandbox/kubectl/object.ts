// The API object `kubectl get -o yaml|json` and `describe` show: stored objects with server-set
// metadata, and the VMIs, launcher pods and Endpoints the cluster derives.
import { timestamp } from '../format.ts';
import type { StoredObject } from '../sandbox.ts';
import type { CommandContext } from '../types.ts';
import { isObj, type Obj } from '../../validators/raw.ts';
import type { VmRow } from '../../simulator/cluster.ts';
import { cap, endpointAddresses, launcherPods, servicePorts } from './rows.ts';
import { stampTimes } from './times.ts';

/** A UUID for an object the sandbox derives (VMI, launcher pod, Endpoints): from its owner's uid, a tag and a count. */
function derivedUid(owner: string, tag: number, n: number): string {
  const hex = (v: number, w: number) => (v >>> 0).toString(16).padStart(w, '0').slice(-w);
  const tail = (owner.replace(/-/g, '') + '0'.repeat(32)).slice(20, 32);
  return `${owner.slice(0, 8).padEnd(8, '0')}-${hex(n, 4)}-4${hex(tag, 3)}-a${hex(n >> 16, 3)}-${tail}`;
}

export function objectOf(ctx: CommandContext, kind: string, ns: string, name: string): Obj {
  const { sandbox } = ctx;
  // the store's latest resourceVersion stands for a derived object's (it changes with the VMI)
  const rv = sandbox.cluster.api.resourceVersion;
  const meta = (o: StoredObject, extra: Obj = {}) => ({
    ...(isObj(o.obj.metadata) ? o.obj.metadata : {}),
    creationTimestamp: timestamp(ctx.epochMs, o.createdAt),
    ...(o.namespace ? { namespace: o.namespace } : {}),
    uid: o.uid,
    ...extra,
  });
  if (kind === 'Event') {
    const e = sandbox.cluster.api.events.list(ns).find((x) => x.name === name)!;
    return {
      apiVersion: 'v1',
      count: e.count,
      firstTimestamp: timestamp(ctx.epochMs, e.firstTime),
      involvedObject: { kind: e.involved.kind, name: e.involved.name, namespace: e.namespace, ...(e.involved.uid ? { uid: e.involved.uid } : {}), ...(e.involved.apiVersion ? { apiVersion: e.involved.apiVersion } : {}), ...(e.involved.fieldPath ? { fieldPath: e.involved.fieldPath } : {}) },
      kind: 'Event',
      lastTimestamp: timestamp(ctx.epochMs, e.lastTime),
      message: e.message,
      metadata: { creationTimestamp: timestamp(ctx.epochMs, e.firstTime), name: e.name, namespace: e.namespace, resourceVersion: rv, uid: derivedUid(e.involved.uid ?? '', 4, sandbox.cluster.api.events.list().indexOf(e) + 1) },
      reason: e.reason,
      source: { ...(e.source ? { component: e.source } : {}), ...(e.host ? { host: e.host } : {}) },
      type: e.type,
    };
  }
  if (kind === 'VirtualMachineInstance') {
    const vmi = sandbox.cluster.vmi(ns, name);
    // a replica set's VMI: its template and owner are the replica set's
    const owner = sandbox.cluster.vmiOwner(ns, name);
    const vm = owner ? sandbox.find(owner.kind, ns, owner.name) : sandbox.find('VirtualMachine', ns, name);
    const tpl = vm && isObj(vm.obj.spec) && isObj(vm.obj.spec.template) ? vm.obj.spec.template : {};
    const tmeta = isObj(tpl.metadata) ? tpl.metadata : {};
    const expanded = sandbox.cluster.vmiSpec(ns, name, isObj(tpl.spec) ? tpl.spec : {});
    return {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: {
        ...(Object.keys(expanded.annotations).length ? { annotations: expanded.annotations } : {}),
        ...(isObj(tmeta.labels) ? { labels: { ...tmeta.labels, 'kubevirt.io/nodeName': vmi?.node ?? '' } } : {}),
        creationTimestamp: timestamp(ctx.epochMs, vmi?.createdAt ?? 0),
        name,
        namespace: ns,
        generation: 1,
        ownerReferences: [{ apiVersion: 'kubevirt.io/v1', blockOwnerDeletion: true, controller: true, kind: owner?.kind ?? 'VirtualMachine', name: owner?.name ?? name, uid: vm?.uid ?? '' }],
        resourceVersion: rv,
        uid: derivedUid(vm?.uid ?? '', 1, vmi?.uid ?? 0),
      },
      spec: expanded.spec,
      status: {
        conditions: [
          { status: cap(!!vmi?.ready), type: 'Ready' },
          // a launcher pod that cannot be created (start-stage errors, a missing Secret) shows here
          ...(vmi?.startError ? [{ message: vmi.startError, reason: /MountVolume/.test(vmi.startError) ? 'FailedMount' : 'FailedCreate', status: 'False', type: 'Synchronized' }] : []),
        ],
        ...(vmi?.ip ? { interfaces: [{ ipAddress: vmi.ip, ipAddresses: [vmi.ip], name: 'default' }] } : {}),
        ...(vmi?.node ? { nodeName: vmi.node } : {}),
        phase: vmi?.phase ?? 'Pending',
      },
    };
  }
  const launcher = kind === 'Pod' ? launcherPods(ctx, ns, name, true)[0] : undefined;
  if (launcher) {
    const row = launcher;
    const vmName = name.replace(/^virt-launcher-|-[^-]+$/g, '');
    const vmi = sandbox.cluster.vmi(ns, vmName);
    const owner = sandbox.find('VirtualMachine', ns, vmName)?.uid ?? '';
    return { apiVersion: 'v1', kind: 'Pod', metadata: { creationTimestamp: timestamp(ctx.epochMs, (vmi?.createdAt ?? 0) + sandbox.cluster.timings.podCreate), labels: { 'kubevirt.io': 'virt-launcher', 'vm.kubevirt.io/name': vmName }, name, namespace: ns, resourceVersion: rv, uid: derivedUid(owner, 2, vmi?.uid ?? 0) }, spec: { nodeName: row.cells[6] }, status: { phase: row.cells[2] === 'Error' ? 'Failed' : row.cells[2] === 'Completed' ? 'Succeeded' : row.cells[2] === 'Running' ? 'Running' : 'Pending', podIP: row.cells[5] } };
  }
  const kindName = kind === 'Endpoints' ? 'Service' : kind;
  const o = sandbox.find(kindName, ns, name)!;
  if (kind === 'Endpoints') {
    const addrs = endpointAddresses(ctx, o, ns);
    return {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { creationTimestamp: timestamp(ctx.epochMs, o.createdAt), name, namespace: ns, resourceVersion: rv, uid: derivedUid(o.uid, 3, 1) },
      ...(addrs.length ? { subsets: [{ addresses: [...new Set(addrs.map((a) => a.split(':')[0]))].map((ip) => ({ ip })), ports: servicePorts(o).targets.map((p) => ({ port: Number(p) || p, protocol: 'TCP' })) }] } : {}),
    };
  }
  if (kind === 'VirtualMachine') {
    const row = (sandbox.cluster.get('vm', ns, name) as VmRow[])[0];
    const vmi = sandbox.cluster.vmi(ns, name);
    return {
      ...o.obj,
      metadata: meta(o),
      status: {
        conditions: [{ status: cap(!!row?.ready), type: 'Ready' }],
        ...(vmi && vmi.phase !== 'Succeeded' && vmi.phase !== 'Failed' ? { created: true } : {}),
        printableStatus: row?.status ?? 'Stopped',
        ...(row?.ready ? { ready: true } : {}),
        ...sandbox.cluster.vmStatus(ns, name),
      },
    };
  }
  return stampTimes({ ...o.obj, metadata: meta(o) }, ctx.epochMs);
}
