// virtctl's other verbs in the sandbox: migrate, addvolume / removevolume, pause / unpause,
// soft-reboot, guestosinfo / fslist / userlist, expose and image-upload, each printing what
// virtctl v1.9.0 prints (pkg/virtctl/…); the simulator does the work (simulator/cluster.ts).
import type { CommandContext, Result } from '../types.ts';
import { parseVirtctlArgs, quantityMi, type VirtctlArgs } from './flags.ts';
import { defaultNamespace } from '../kubectl/config.ts';

type Verb = (ctx: CommandContext, args: string[]) => Result;

function forbidden(ctx: CommandContext, ns: string, name: string, res: string, what: string): number {
  ctx.io.out(`Error ${what}: virtualmachine.kubevirt.io "${name}" is forbidden: User "system:serviceaccount:${ctx.namespace}:${ctx.user}" cannot update resource "${res}" in API group "subresources.kubevirt.io" in the namespace "${ns}"\n`);
  return 1;
}

/** Parse, check the argument count and the namespace; undefined when an error was printed. */
function prepare(ctx: CommandContext, verb: string, args: string[], nargs: number, usage: string, valued: string[] = [], bools: string[] = []): VirtctlArgs | undefined {
  let a: VirtctlArgs;
  try {
    a = parseVirtctlArgs(args, defaultNamespace(ctx), valued, [...bools, 'dry-run']);
  } catch (e) {
    ctx.io.out(`Error: ${(e as Error).message}\nUsage:\n  virtctl ${verb} ${usage} [flags]\n`);
    return undefined;
  }
  if (a.positional.length !== nargs) {
    ctx.io.out(`Error: accepts ${nargs} arg(s), received ${a.positional.length}\nUsage:\n  virtctl ${verb} ${usage} [flags]\n`);
    return undefined;
  }
  if (a.ns !== ctx.namespace) {
    forbidden(ctx, a.ns, a.positional.at(-1)!, `virtualmachines/${verb}`, `running ${verb}`);
    return undefined;
  }
  return a;
}

const migrate: Verb = (ctx, args) => {
  const a = prepare(ctx, 'migrate', args, 1, '(VM)', ['addedNodeSelector']);
  if (!a) return 1;
  const r = ctx.sandbox.call('migrate', a.ns, a.positional[0]!);
  ctx.io.out(`${r.message}\n`);
  return r.ok ? 0 : 1;
};

/** virtctl migrate-cancel VM: deletes the VMI's migration in flight (pkg/virtctl/vm/migrate_cancel.go). */
const migrateCancel: Verb = (ctx, args) => {
  const a = prepare(ctx, 'migrate-cancel', args, 1, '(VM)');
  if (!a) return 1;
  const r = ctx.sandbox.call('migrate-cancel', a.ns, a.positional[0]!);
  ctx.io.out(`${r.message}\n`);
  return r.ok ? 0 : 1;
};

const addvolume: Verb = (ctx, args) => {
  const a = prepare(ctx, 'addvolume', args, 1, 'VMI', ['volume-name', 'disk-name', 'serial', 'cache', 'disk-type', 'bus'], ['persist']);
  if (!a) return 1;
  const volume = a.flags.get('volume-name');
  if (!volume) {
    ctx.io.out('Error: required flag(s) "volume-name" not set\n');
    return 1;
  }
  const bus = a.flags.get('bus') ?? 'scsi';
  if (bus !== 'scsi' && bus !== 'virtio') {
    ctx.io.out(`Error: Invalid bus type '${bus}' for disk. Only 'scsi' and 'virtio' are supported.\n`);
    return 1;
  }
  const opts: Record<string, string> = { volume, bus };
  if (a.flags.get('serial')) opts.serial = a.flags.get('serial')!;
  if (a.flags.get('disk-name')) opts.diskName = a.flags.get('disk-name')!;
  const r = ctx.sandbox.call('addvolume', a.ns, a.positional[0]!, opts);
  ctx.io.out(r.ok ? `${r.message}\n` : `Error: ${r.message}\n`);
  return r.ok ? 0 : 1;
};

const removevolume: Verb = (ctx, args) => {
  const a = prepare(ctx, 'removevolume', args, 1, 'VMI', ['volume-name'], ['persist']);
  if (!a) return 1;
  const volume = a.flags.get('volume-name');
  if (!volume) {
    ctx.io.out('Error: required flag(s) "volume-name" not set\n');
    return 1;
  }
  const r = ctx.sandbox.call('removevolume', a.ns, a.positional[0]!, { volume });
  ctx.io.out(r.ok ? `${r.message}\n` : `Error: ${r.message}\n`);
  return r.ok ? 0 : 1;
};

/** pause / unpause take (vm|vmi) NAME; soft-reboot takes the VMI's name. */
function lifecycle(action: 'pause' | 'unpause' | 'soft-reboot'): Verb {
  return (ctx, args) => {
    const typed = action !== 'soft-reboot';
    const a = prepare(ctx, action, args, typed ? 2 : 1, typed ? '(vm|vmi) (VM)|(VMI)' : '(VMI)');
    if (!a) return 1;
    if (typed && !['vm', 'vmi', 'virtualmachine', 'virtualmachineinstance'].includes(a.positional[0]!)) {
      ctx.io.out(`Error: unsupported resource type '${a.positional[0]}'\n`);
      return 1;
    }
    const name = a.positional.at(-1)!;
    if (typed && /^(vm|virtualmachine)$/.test(a.positional[0]!)) {
      // pause.go / unpause.go: `vm NAME` reads the VM first; pause says why its VMI is missing
      const vm = ctx.sandbox.find('VirtualMachine', a.ns, name);
      if (!vm) {
        ctx.io.out(`Error getting VirtualMachine ${name}: virtualmachines.kubevirt.io "${name}" not found\n`);
        return 1;
      }
      if (action === 'pause' && !ctx.sandbox.cluster.vmi(a.ns, name)) {
        // a VM that is not set to run (Halted) shows Stopped; one that waits to run does not
        const row = (ctx.sandbox.cluster.get('vm', a.ns, name) as { status?: string }[])[0];
        const halted = (row?.status ?? 'Stopped') === 'Stopped';
        ctx.io.out(halted ? `Error pausing VirtualMachineInstance ${name}. VirtualMachine ${name} is not set to run\n` : `Error pausing VirtualMachineInstance ${name}, it was not found\n`);
        return 1;
      }
    }
    const r = ctx.sandbox.call(action, a.ns, name);
    ctx.io.out(`${r.message}\n`);
    return r.ok ? 0 : 1;
  };
}

/** What qemu-guest-agent reports about the Fedora Cloud guest (guestosinfo, fslist, userlist). */
function agentInfo(kind: 'guestosinfo' | 'fslist' | 'userlist'): Verb {
  return (ctx, args) => {
    const a = prepare(ctx, kind, args, 1, '(VMI)');
    if (!a) return 1;
    const name = a.positional[0]!;
    const what = kind === 'guestosinfo' ? 'Error getting guestosinfo of' : kind === 'fslist' ? 'Error listing filesystems of' : 'Error listing users of';
    const vmi = ctx.sandbox.cluster.vmi(a.ns, name);
    if (!vmi || vmi.phase === 'Succeeded' || vmi.phase === 'Failed') {
      ctx.io.out(`${what} VirtualMachineInstance ${name}, virtualmachineinstance.kubevirt.io "${name}" not found\n`);
      return 1;
    }
    if (vmi.phase !== 'Running' || !vmi.guest.agentUp) {
      ctx.io.out(`${what} VirtualMachineInstance ${name}, Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "${name}": VMI does not have guest agent connected\n`);
      return 1;
    }
    let data: unknown;
    if (kind === 'guestosinfo') {
      data = {
        guestAgentVersion: '8.2.2',
        supportedCommands: ['guest-exec', 'guest-get-fsinfo', 'guest-get-host-name', 'guest-get-osinfo', 'guest-get-users', 'guest-ping', 'guest-shutdown'].map((name) => ({ name, enabled: true })),
        hostname: name,
        os: { name: 'Fedora Linux', kernelRelease: '6.8.5-301.fc40.x86_64', version: '40 (Cloud Edition)', prettyName: 'Fedora Linux 40 (Cloud Edition)', versionId: '40', kernelVersion: '#1 SMP PREEMPT_DYNAMIC Thu Apr 11 20:00:00 UTC 2024', machine: 'x86_64', id: 'fedora' },
        timezone: 'UTC, 0',
        fsFreezeStatus: '',
      };
    } else if (kind === 'fslist') {
      const disks = [{ diskName: 'vda4', mountPoint: '/', fileSystemType: 'btrfs', usedBytes: 1048576000, totalBytes: 5234491392, disk: [{ busType: 'virtio', bus: 0, serial: '', devicePath: '/dev/vda4' }] }];
      for (const h of vmi.hotplug ?? []) if (h.phase === 'Ready' && h.target) disks.push({ diskName: h.target, mountPoint: '', fileSystemType: '', usedBytes: 0, totalBytes: 0, disk: [{ busType: h.bus, bus: 0, serial: h.serial ?? '', devicePath: `/dev/${h.target}` }] });
      data = { items: disks.filter((d) => d.mountPoint) };
    } else {
      data = { items: [] as unknown[] };
    }
    ctx.io.out(`${JSON.stringify(data, null, 2)}\n`);
    return 0;
  };
}

/** A stable port in 30000–32767 for a service (no random draw: a replayed sandbox gets the same). */
function nodePort(ctx: CommandContext, key: string): number {
  const used = new Set<number>();
  for (const s of ctx.sandbox.list('Service', ctx.namespace)) for (const p of ((s.obj.spec as { ports?: { nodePort?: number }[] } | undefined)?.ports ?? [])) if (p.nodePort) used.add(p.nodePort);
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  let port = 30000 + (h % 2768);
  while (used.has(port)) port = port === 32767 ? 30000 : port + 1;
  return port;
}

const expose: Verb = (ctx, args) => {
  const a = prepare(ctx, 'expose', args, 2, '(TYPE NAME)', ['name', 'port', 'target-port', 'type', 'protocol', 'port-name', 'cluster-ip', 'external-ip', 'ip-family', 'ip-family-policy']);
  if (!a) return 1;
  const [kindArg, name] = a.positional as [string, string];
  const svc = a.flags.get('name');
  if (!svc) {
    ctx.io.out('Error: required flag(s) "name" not set\n');
    return 1;
  }
  const typeArg = (a.flags.get('type') ?? 'ClusterIP').toLowerCase();
  const type = ({ clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer' } as Record<string, string>)[typeArg];
  if (!type) {
    ctx.io.out(`Error: ${typeArg === 'externalname' ? `type: ${a.flags.get('type')} not supported` : `unknown service type: ${a.flags.get('type')}`}\n`);
    return 1;
  }
  const vmKinds: Record<string, string> = { vm: 'VirtualMachine', vms: 'VirtualMachine', virtualmachine: 'VirtualMachine', virtualmachines: 'VirtualMachine', vmi: 'VirtualMachineInstance', vmis: 'VirtualMachineInstance', virtualmachineinstance: 'VirtualMachineInstance', virtualmachineinstances: 'VirtualMachineInstance' };
  const kind = vmKinds[kindArg];
  if (!kind) {
    ctx.io.out(/^(vmirs|virtualmachineinstancereplicasets?)$/.test(kindArg) ? `kvlab sandbox: virtctl expose of a VirtualMachineInstanceReplicaSet is not simulated; use connected mode for a real cluster\n` : `Error: unsupported resource type: ${kindArg}\n`);
    return 1;
  }
  const exists = kind === 'VirtualMachine' ? ctx.sandbox.find('VirtualMachine', a.ns, name) : ctx.sandbox.cluster.vmi(a.ns, name);
  if (!exists) {
    ctx.io.out(`Error: error fetching ${kind}: ${kind === 'VirtualMachine' ? 'virtualmachine' : 'virtualmachineinstance'}.kubevirt.io "${name}" not found\n`);
    return 1;
  }
  const port = Number(a.flags.get('port') ?? 0);
  if (!port) {
    ctx.io.out(`Error: couldn't find port via --port flag or introspection\n`);
    return 1;
  }
  if (ctx.sandbox.find('Service', a.ns, svc)) {
    ctx.io.out(`Error: service creation failed: services "${svc}" already exists\n`);
    return 1;
  }
  const tp = a.flags.get('target-port');
  const p: Record<string, unknown> = { protocol: (a.flags.get('protocol') ?? 'TCP').toUpperCase(), port, targetPort: tp === undefined ? port : /^\d+$/.test(tp) ? Number(tp) : tp };
  if (a.flags.get('port-name')) p.name = a.flags.get('port-name');
  if (type !== 'ClusterIP') p.nodePort = nodePort(ctx, `${a.ns}/${svc}`);
  ctx.sandbox.apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: svc, namespace: a.ns, ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind, name, controller: true, blockOwnerDeletion: false }] },
    spec: { ports: [p], selector: { 'vmi.kubevirt.io/id': name }, type },
  });
  ctx.io.out(`Service ${svc} successfully created for ${kindArg} ${name}\n`);
  return 0;
};

/** virtctl image-upload dv|pvc NAME --size=… --image-path=…: a job that follows the upload. */
const imageUpload: Verb = (ctx, args) => {
  const a = prepare(ctx, 'image-upload', args, 2, '(dv|pvc) NAME', ['size', 'image-path', 'archive-path', 'storage-class', 'access-mode', 'volume-mode', 'uploadproxy-url', 'pvc-size', 'pvc-name', 'wait-secs'], ['insecure', 'force-bind', 'no-create', 'block-volume']);
  if (!a) return 1;
  const [kindArg, name] = a.positional as [string, string];
  const { io, sandbox } = ctx;
  if (kindArg === 'pvc') {
    io.out('kvlab sandbox: virtctl image-upload pvc is not simulated (image-upload dv is); use connected mode for a real cluster\n');
    return 1;
  }
  if (kindArg !== 'dv') {
    io.out(`Error: invalid resource type ${kindArg}\n`);
    return 1;
  }
  const path = a.flags.get('image-path') ?? a.flags.get('archive-path');
  if (!path) {
    io.out('Error: either image-path or archive-path must be provided\n');
    return 1;
  }
  if (!ctx.vfs.isFile(path)) {
    io.out(`Error: open ${path}: no such file or directory${ctx.whereFrom(path)}\n`);
    return 1;
  }
  const size = a.flags.get('size');
  const sizeMi = size ? quantityMi(size) : undefined;
  if (!sandbox.find('DataVolume', a.ns, name)) {
    if (!size) {
      io.out('Error: when creating a resource, the size must be specified\n');
      return 1;
    }
    if (sizeMi === undefined) {
      io.out(`Error: validation failed for size=${size}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n`);
      return 1;
    }
    io.out(`PVC ${a.ns}/${name} not found \n`);
    const storage: Record<string, unknown> = { resources: { requests: { storage: size } } };
    if (a.flags.get('storage-class')) storage.storageClassName = a.flags.get('storage-class');
    if (a.flags.get('access-mode')) storage.accessModes = [a.flags.get('access-mode')];
    sandbox.apply({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name, namespace: a.ns, annotations: { 'cdi.kubevirt.io/storage.bind.immediate.requested': '' } }, spec: { source: { upload: {} }, contentType: 'kubevirt', storage } });
    io.out(`DataVolume ${a.ns}/${name} created\n`);
  }
  // the image's size: the file's own length stands for the disk image (at least 1 MiB)
  const imageMi = Math.max(1, ctx.vfs.read(path).length / 1048576);
  let state: 'waiting' | 'uploading' | 'processing' = 'waiting';
  io.out(`Waiting for PVC ${name} upload pod to be ready...\n`);
  const phase = () => String((sandbox.cluster.api.get('DataVolume', a.ns, name)?.obj.status as { phase?: string } | undefined)?.phase ?? '');
  const tick = (): number | undefined => {
    if (state === 'waiting') {
      if (!sandbox.cluster.storage.uploadReady(a.ns, name)) {
        if (phase() === 'Succeeded') {
          io.out(`Error: PVC ${name} already successfully imported/cloned/updated\n`);
          return 1;
        }
        return undefined;
      }
      io.out(`Pod now ready\nUploading data to https://cdi-uploadproxy.cdi.svc\n\n`);
      sandbox.call('upload', a.ns, name, { sizeMi: Math.round(imageMi * 100) / 100 });
      state = 'uploading';
    }
    if (state === 'uploading') {
      const p = String((sandbox.cluster.api.get('DataVolume', a.ns, name)?.obj.status as { progress?: string } | undefined)?.progress ?? '');
      const pct = phase() === 'Succeeded' ? 100 : parseFloat(p) || 0;
      const bar = '='.repeat(Math.round(pct / 5)).padEnd(20, '-');
      io.out(`\r ${((imageMi * pct) / 100).toFixed(2)} MiB / ${imageMi.toFixed(2)} MiB [${bar}] ${pct.toFixed(2)}%`);
      if (pct < 100) return undefined;
      io.out('\n\nUploading data completed successfully, waiting for processing to complete, you can hit ctrl-c without interrupting the progress\n');
      state = 'processing';
    }
    if (phase() !== 'Succeeded') return undefined;
    io.out(`Processing completed successfully\nUploading ${path} completed successfully\n`);
    return 0;
  };
  let done: number | undefined;
  return {
    tick: () => (done ??= tick()),
    input: (d) => {
      if (d.includes('\x03')) done = 130;
      return done;
    },
    interrupt() {
      done = 130;
    },
  };
};

/** Verbs that exist in virtctl but are not simulated: one line naming them and connected mode. */
const NOT_SIMULATED = ['vnc', 'port-forward', 'usbredir', 'memory-dump', 'vmexport', 'guestfs', 'evacuate-cancel', 'expand', 'create', 'adm', 'credentials', 'objectgraph', 'reset'];

export const VERBS: Record<string, Verb> = {
  migrate,
  'migrate-cancel': migrateCancel,
  addvolume,
  removevolume,
  pause: lifecycle('pause'),
  unpause: lifecycle('unpause'),
  'soft-reboot': lifecycle('soft-reboot'),
  guestosinfo: agentInfo('guestosinfo'),
  fslist: agentInfo('fslist'),
  userlist: agentInfo('userlist'),
  expose,
  'image-upload': imageUpload,
};

export function notSimulated(ctx: CommandContext, verb: string): number | undefined {
  if (!NOT_SIMULATED.includes(verb)) return undefined;
  ctx.io.out(`kvlab sandbox: "virtctl ${verb}" is not simulated; use connected mode for a real cluster\n`);
  return 1;
}
