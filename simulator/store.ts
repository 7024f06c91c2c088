// The cluster's API objects: VirtualMachines (with their current VMI), the user data of Secrets
// and the selectors of Services, keyed "namespace/name", and the rows `kubectl get vm|vmi` shows.
import { decodeBase64 } from './vm-model.ts';
import type { VmiRow, VmRecord, VmRow } from './records.ts';
import { isObj, type Obj } from '../validators/raw.ts';

export class ObjectStore {
  readonly vms = new Map<string, VmRecord>();
  /** A Secret's cloud-init user data (userdata or userData, decoded), '' when it has none. */
  readonly secrets = new Map<string, string>();
  readonly services = new Map<string, { namespace: string; name: string; selector: Record<string, string> }>();

  applySecret(key: string, obj: Obj): void {
    const data = isObj(obj.data) ? obj.data : {};
    const sdata = isObj(obj.stringData) ? obj.stringData : {};
    let text: string | undefined;
    for (const k of ['userdata', 'userData']) {
      if (typeof sdata[k] === 'string') text = sdata[k] as string;
      else if (typeof data[k] === 'string') text = decodeBase64(data[k] as string);
      if (text !== undefined) break;
    }
    this.secrets.set(key, text ?? '');
  }

  applyService(key: string, ns: string, name: string, obj: Obj): void {
    const spec = isObj(obj.spec) ? obj.spec : {};
    const selector: Record<string, string> = {};
    if (isObj(spec.selector)) for (const [k, v] of Object.entries(spec.selector)) selector[k] = String(v);
    this.services.set(key, { namespace: ns, name, selector });
  }

  vm(ns: string, name: string): VmRecord | undefined {
    return this.vms.get(`${ns}/${name}`);
  }

  /** The names of the Services in the VM's namespace whose selector matches its VMI's labels. */
  servicesSelecting(vm: VmRecord): string[] {
    // virt-controller adds vmi.kubevirt.io/id=<name> to every VMI (what virtctl expose selects)
    const labels: Record<string, string> = { ...vm.model.labels, 'vmi.kubevirt.io/id': vm.model.name };
    return [...this.services.values()].filter((s) => s.namespace === vm.model.namespace && Object.keys(s.selector).length && Object.entries(s.selector).every(([k, v]) => labels[k] === v)).map((s) => s.name);
  }

  /** Status rows as `kubectl get vm` / `kubectl get vmi` show them. */
  rows(kind: 'vm' | 'vmi', ns: string, name: string | undefined, now: number): (VmRow | VmiRow)[] {
    const rows: (VmRow | VmiRow)[] = [];
    for (const [key, vm] of this.vms) {
      if (!key.startsWith(`${ns}/`) || (name && vm.model.name !== name)) continue;
      if (kind === 'vm' && vm.owner) continue; // a replica set's VMI has no VM
      if (kind === 'vm') rows.push({ name: vm.model.name, age: now - vm.createdAt, status: printableStatus(vm), ready: !!vm.vmi?.ready });
      else if (vm.vmi) {
        const v = vm.vmi;
        rows.push({ name: v.name, age: now - v.createdAt, phase: v.phase, ip: v.ip ?? '', node: v.node ?? '', ready: v.ready });
      }
    }
    // the API server lists by name
    return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** The VM's STATUS column. */
function printableStatus(vm: VmRecord): string {
  const v = vm.vmi;
  if (vm.waitingUntil !== undefined) return 'CrashLoopBackOff';
  if (!v && vm.provisioning) return vm.provisioning;
  if (!v) return vm.lastFinal === 'Failed' && vm.strategy !== 'Halted' ? 'Failed' : 'Stopped';
  if (v.stopping) return 'Stopping';
  if (v.migration) return 'Migrating';
  if (v.paused) return 'Paused';
  switch (v.phase) {
    case 'Pending':
    case 'Scheduling':
    case 'Scheduled':
      return 'Starting';
    case 'Running':
      return 'Running';
    case 'Succeeded':
      return 'Stopped';
    case 'Failed':
      return 'Failed';
  }
}
