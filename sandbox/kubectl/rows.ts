// The table rows `kubectl get` prints for each kind (and -w compares), with their headers: VMs and
// VMIs from the simulated cluster, launcher pods, Secrets, ConfigMaps, Services and Endpoints.
import type { VmiRow, VmRow } from '../../simulator/cluster.ts';
import { humanDuration } from '../format.ts';
import type { StoredObject } from '../sandbox.ts';
import type { CommandContext } from '../types.ts';
import { isObj } from '../../validators/raw.ts';
import { isNamespaced } from '../../simulator/objects.ts';
import { EVENT_HEADERS, eventCells, storeCells, storeHeaders } from './printers.ts';

export interface Row {
  name: string;
  /** '' for a cluster-scoped kind (-A prints it in a NAMESPACE column). */
  namespace: string;
  cells: string[];
  /** The cells that tell a change (without AGE), for -w. */
  key: string;
}

export function headers(kind: string, wide: boolean): string[] {
  switch (kind) {
    case 'Event':
      return EVENT_HEADERS(wide);
    case 'VirtualMachine':
      return ['NAME', 'AGE', 'STATUS', 'READY'];
    case 'VirtualMachineInstance':
      return wide ? ['NAME', 'AGE', 'PHASE', 'IP', 'NODENAME', 'READY', 'LIVE-MIGRATABLE', 'PAUSED'] : ['NAME', 'AGE', 'PHASE', 'IP', 'NODENAME', 'READY'];
    case 'Secret':
      return ['NAME', 'TYPE', 'DATA', 'AGE'];
    case 'Service':
      return wide ? ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR'] : ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'];
    case 'Endpoints':
      return ['NAME', 'ENDPOINTS', 'AGE'];
    case 'Pod':
      return wide ? ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
    case 'ConfigMap':
      return ['NAME', 'DATA', 'AGE'];
    default:
      return storeHeaders(kind, wide);
  }
}

export const cap = (b: boolean) => (b ? 'True' : 'False');

function serviceIp(o: StoredObject): string {
  const spec = isObj(o.obj.spec) ? o.obj.spec : {};
  if (typeof spec.clusterIP === 'string') return spec.clusterIP;
  let h = 0;
  for (const c of o.name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `10.96.${(h >> 8) % 250}.${(h % 250) + 2}`;
}

export function servicePorts(o: StoredObject): { text: string; targets: string[] } {
  const spec = isObj(o.obj.spec) ? o.obj.spec : {};
  const ports = Array.isArray(spec.ports) ? spec.ports.filter(isObj) : [];
  return {
    text: ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',') || '<none>',
    targets: ports.map((p) => String(p.targetPort ?? p.port)),
  };
}

function vmLabels(o: StoredObject): Record<string, string> {
  const t = isObj(o.obj.spec) && isObj(o.obj.spec.template) && isObj(o.obj.spec.template.metadata) ? o.obj.spec.template.metadata : {};
  return isObj(t.labels) ? (Object.fromEntries(Object.entries(t.labels).map(([k, v]) => [k, String(v)])) as Record<string, string>) : {};
}

/** Ready VMI addresses a Service selects (the endpoints controller's view). */
export function endpointAddresses(ctx: CommandContext, svc: StoredObject, ns: string): string[] {
  const spec = isObj(svc.obj.spec) ? svc.obj.spec : {};
  const sel = isObj(spec.selector) ? spec.selector : {};
  if (!Object.keys(sel).length) return [];
  const out: string[] = [];
  for (const vm of ctx.sandbox.list('VirtualMachine', ns)) {
    const labels = vmLabels(vm);
    if (!Object.entries(sel).every(([k, v]) => labels[k] === String(v))) continue;
    const vmi = ctx.sandbox.cluster.vmi(ns, vm.name);
    if (!vmi?.ready || !vmi.ip) continue;
    for (const p of servicePorts(svc).targets) out.push(`${vmi.ip}:${p}`);
  }
  return out;
}

/** The namespaces that hold objects of a kind (for -A); a given namespace as it is. */
function namespacesOf(ctx: CommandContext, kind: string, ns: string | undefined): string[] {
  if (ns !== undefined) return [ns];
  const base = kind === 'VirtualMachineInstance' || kind === 'Pod' ? 'VirtualMachine' : kind === 'Endpoints' ? 'Service' : kind;
  const set = new Set(ctx.sandbox.list(base, undefined).map((o) => o.namespace));
  set.add(ctx.namespace);
  return [...set].sort();
}

/** The table rows of a kind in a namespace (undefined: every namespace), or of one object. */
export function rows(ctx: CommandContext, kind: string, ns: string | undefined, name: string | undefined, wide: boolean): Row[] {
  if (kind === 'Event') {
    const now = ctx.sandbox.now;
    return ctx.sandbox.cluster.api.events
      .list(ns)
      .filter((e) => !name || e.name === name)
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((e) => ({ name: e.name, namespace: e.namespace, cells: eventCells(e, now, wide), key: `${e.count}|${e.lastTime}` }));
  }
  const out: Row[] = [];
  for (const n of namespacesOf(ctx, kind, ns)) out.push(...rowsIn(ctx, kind, n, name, wide).map((r) => ({ ...r, namespace: isNamespaced(kind) ? n : '' })));
  // a cluster-scoped kind lists once
  if (!isNamespaced(kind)) return out.filter((r, i) => out.findIndex((x) => x.name === r.name) === i);
  return out;
}

function rowsIn(ctx: CommandContext, kind: string, ns: string, name: string | undefined, wide: boolean): Omit<Row, 'namespace'>[] {
  const { sandbox } = ctx;
  const now = sandbox.now;
  const age = (t: number) => humanDuration(now - t);
  switch (kind) {
    case 'VirtualMachine':
      return (sandbox.cluster.get('vm', ns, name) as VmRow[]).map((r) => ({ name: r.name, cells: [r.name, humanDuration(r.age), r.status, cap(r.ready)], key: `${r.status}|${r.ready}` }));
    case 'VirtualMachineInstance':
      return (sandbox.cluster.get('vmi', ns, name) as VmiRow[]).map((r) => {
        const vmi = sandbox.cluster.vmi(ns, r.name);
        const cells = [r.name, humanDuration(r.age), r.phase, r.ip, r.node, cap(r.ready)];
        // The CRD's priority-1 columns read the conditions: LIVE-MIGRATABLE and PAUSED are
        // `.status.conditions[?(@.type=='…')].status`, empty when the condition is absent.
        if (wide) {
          const conds = sandbox.cluster.vmiConditions(ns, r.name);
          const status = (type: string) => conds.find((c) => c.type === type)?.status ?? '';
          cells.push(status('LiveMigratable'), status('Paused'));
        }
        return { name: r.name, cells, key: `${vmi?.uid}|${r.phase}|${r.ip}|${r.node}|${r.ready}` };
      });
    case 'Secret':
      return sandbox.list('Secret', ns).filter((o) => !name || o.name === name).map((o) => {
        const n = Object.keys(isObj(o.obj.data) ? o.obj.data : {}).length + Object.keys(isObj(o.obj.stringData) ? o.obj.stringData : {}).length;
        return { name: o.name, cells: [o.name, String(o.obj.type ?? 'Opaque'), String(n), age(o.createdAt)], key: String(n) };
      });
    case 'Pod': {
      const launchers = launcherPods(ctx, ns, name, wide);
      const stored = sandbox.list('Pod', ns).filter((o) => (!name || o.name === name) && !launchers.some((l) => l.name === o.name)).map((o) => {
        const cells = storeCells(o, now, wide);
        return { name: o.name, cells, key: cells.filter((_, i) => i !== 4).join('|') };
      });
      return [...launchers, ...stored].sort((a, b) => a.name.localeCompare(b.name));
    }
    case 'ConfigMap':
      return sandbox.list('ConfigMap', ns).filter((o) => !name || o.name === name).map((o) => {
        const n = Object.keys(isObj(o.obj.data) ? o.obj.data : {}).length;
        return { name: o.name, cells: [o.name, String(n), age(o.createdAt)], key: String(n) };
      });
    case 'Service':
      return sandbox.list('Service', ns).filter((o) => !name || o.name === name).map((o) => {
        const spec = isObj(o.obj.spec) ? o.obj.spec : {};
        const sel = isObj(spec.selector) ? Object.entries(spec.selector).map(([k, v]) => `${k}=${v}`).join(',') : '';
        const cells = [o.name, String(spec.type ?? 'ClusterIP'), serviceIp(o), '<none>', servicePorts(o).text, age(o.createdAt)];
        if (wide) cells.push(sel || '<none>');
        return { name: o.name, cells, key: cells.slice(0, 5).join('|') };
      });
    case 'Endpoints':
      return sandbox.list('Service', ns).filter((o) => !name || o.name === name).map((o) => {
        const addrs = endpointAddresses(ctx, o, ns);
        const shown = addrs.length > 3 ? `${addrs.slice(0, 3).join(',')} + ${addrs.length - 3} more...` : addrs.join(',') || '<none>';
        return { name: o.name, cells: [o.name, shown, age(o.createdAt)], key: shown };
      });
    default:
      return sandbox.list(kind, ns).filter((o) => !name || o.name === name).map((o) => {
        const cells = storeCells(o, now, wide);
        const ageIdx = storeHeaders(kind, wide).indexOf('AGE');
        return { name: o.name, cells, key: cells.filter((_, i) => i !== ageIdx).join('|') };
      });
  }
}

/** The virt-launcher pod of each VMI (compute + guest-console-log containers), as `kubectl get pods` lists it. */
export function launcherPodName(vm: string, uid: number): string {
  let h = uid * 2654435761;
  let suffix = '';
  const abc = 'bcdfghjklmnpqrstvwxz2456789';
  for (let i = 0; i < 5; i++) {
    h = (h * 31 + 7) >>> 0;
    suffix += abc[h % abc.length];
  }
  return `virt-launcher-${vm}-${suffix}`;
}

export function launcherPods(ctx: CommandContext, ns: string, name: string | undefined, wide: boolean): Row[] {
  const out: Row[] = [];
  // every VMI's pod: a VM's, and a replica set's VMI (no VM) too
  for (const vm of ctx.sandbox.cluster.get('vmi', ns) as VmiRow[]) {
    const vmi = ctx.sandbox.cluster.vmi(ns, vm.name);
    if (!vmi || vmi.phase === 'Pending') continue;
    const pod = launcherPodName(vm.name, vmi.uid);
    if (name && pod !== name) continue;
    const started = !!vmi.container;
    const status = vmi.phase === 'Failed' ? 'Error' : vmi.phase === 'Succeeded' ? 'Completed' : vmi.startError ? 'ContainerCreating' : started ? 'Running' : vmi.phase === 'Scheduling' ? 'ContainerCreating' : 'Pending';
    const ready = vmi.podTerminated ? 0 : (started ? 1 : 0) + (vmi.podReady ? 1 : 0);
    const cells = [pod, `${ready}/2`, status, '0', humanDuration(ctx.sandbox.now - vmi.createdAt)];
    if (wide) cells.push(vmi.ip ?? '<none>', vmi.node ?? '<none>', '<none>', '<none>');
    out.push({ name: pod, namespace: ns, cells, key: `${ready}|${status}` });
  }
  return out;
}
