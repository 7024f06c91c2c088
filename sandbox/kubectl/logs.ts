// `kubectl logs POD|pod/POD [-c CONTAINER] [--tail=N] [-f]`: a virt-launcher pod's compute
// container (virt-launcher's JSON log lines, from its VMI's life) and whatever a simulated
// controller wrote to a pod's container (api.appendLog: importers, Deployments' pods).
import { timestamp } from '../format.ts';
import type { CommandContext, Job, Result } from '../types.ts';
import { isObj, type Obj } from '../../validators/raw.ts';
import type { Flags } from './flags.ts';
import { notSimulated } from './not-simulated.ts';
import { launcherPods } from './rows.ts';

const LAUNCHER_CONTAINERS = ['compute', 'guest-console-log'];

function launcherLog(ctx: CommandContext, ns: string, pod: string): string[] | string {
  const vm = ctx.sandbox.list('VirtualMachine', ns).find((v) => pod.startsWith(`virt-launcher-${v.name}-`));
  const vmi = vm && ctx.sandbox.cluster.vmi(ns, vm.name);
  if (!vmi) return [];
  if (!vmi.container) return `Error from server (BadRequest): container "compute" in pod "${pod}" is waiting to start: ContainerCreating`;
  const line = (t: number, msg: string, pos: string, extra = '') => `{"component":"virt-launcher","level":"info","msg":"${msg}","pos":"${pos}",${extra}"timestamp":"${timestamp(ctx.epochMs, t).replace('Z', '.000000Z')}"}`;
  const t0 = vmi.container.startedAt;
  const uid = `"uid":"${vmi.uid}",`;
  const out = [
    line(t0, 'Collected all requested hook sidecar sockets', 'manager.go:88'),
    line(t0, 'Sorted all collected sidecar sockets per hook point based on their priority and name: map[]', 'manager.go:91'),
    line(t0, 'Connecting to libvirt daemon: qemu+unix:///session?socket=/var/run/libvirt/virtqemud-sock', 'libvirt.go:661'),
    line(t0, 'Connected to libvirt daemon', 'libvirt.go:669'),
    line(t0, 'Registered libvirt event notify callback', 'client.go:580'),
    line(t0, 'Marked as ready', 'virt-launcher.go:75'),
  ];
  if (vmi.everRunning) out.push(line(t0 + ctx.sandbox.cluster.timings.domainStart, 'Domain started.', 'manager.go:1247', `"kind":"VirtualMachineInstance","name":"${vmi.name}","namespace":"${ns}",${uid}`));
  if (vmi.podTerminated) out.push(line(ctx.sandbox.now, 'Received signal terminated', 'virt-launcher.go:486'), line(ctx.sandbox.now, 'Exiting...', 'virt-launcher.go:533'));
  return out;
}

export function logs(ctx: CommandContext, flags: Flags, ns: string): Result {
  const { io, sandbox } = ctx;
  const arg = flags.positional[0];
  if (!arg) {
    io.out('error: expected POD or TYPE/NAME is a required argument for the logs command\nSee \'kubectl logs -h\' for help and examples\n');
    return 1;
  }
  const [type, name] = arg.includes('/') ? arg.split('/', 2) : ['pod', arg];
  if (!['pod', 'pods', 'po'].includes(type!.toLowerCase())) {
    io.out(`${notSimulated(`kubectl logs ${type}/… (only pods have logs in the sandbox)`)}\n`);
    return 1;
  }
  const container = flags.container ?? (flags.positional[1] || undefined);
  const launcher = launcherPods(ctx, ns, name, false)[0];
  const stored = sandbox.find('Pod', ns, name!);
  if (!launcher && !stored) {
    io.out(`Error from server (NotFound): pods "${name}" not found\n`);
    return 1;
  }
  const tail = flags.tail !== undefined ? Number(flags.tail) : -1;
  const print = (lines: string[]) => io.out(lines.slice(tail >= 0 ? Math.max(0, lines.length - tail) : 0).map((l) => `${l}\n`).join(''));
  if (launcher) {
    const c = container ?? 'compute';
    if (!container) io.out('Defaulted container "compute" out of: compute, guest-console-log, container-disk-binary (init), volumecontainerdisk-init (init)\n');
    if (!LAUNCHER_CONTAINERS.includes(c)) {
      io.out(`error: container ${c} is not valid for pod ${name}\n`);
      return 1;
    }
    if (c === 'guest-console-log') {
      io.out(`${notSimulated('the guest-console-log container\'s log')}; virtctl console ${name!.replace(/^virt-launcher-|-[^-]+$/g, '')} shows the serial console\n`);
      return 1;
    }
    const lines = launcherLog(ctx, ns, name!);
    if (typeof lines === 'string') {
      io.out(`${lines}\n`);
      return 1;
    }
    print(lines);
    return flags.follow ? followJob(() => launcherLog(ctx, ns, name!), lines.length, io) : 0;
  }
  const spec = isObj(stored!.obj.spec) ? stored!.obj.spec : {};
  const names = (Array.isArray(spec.containers) ? (spec.containers as Obj[]) : []).map((c) => String(c.name));
  if (names.length > 1 && !container) {
    io.out(`Defaulted container "${names[0]}" out of: ${names.join(', ')}\n`);
  }
  const c = container ?? names[0] ?? '';
  if (names.length && !names.includes(c)) {
    io.out(`error: container ${c} is not valid for pod ${name}\n`);
    return 1;
  }
  const get = () => (sandbox.cluster.api.logs(ns, name!, c) ?? []).map((l) => l.line);
  const lines = get();
  print(lines);
  return flags.follow ? followJob(get, lines.length, io) : 0;
}

/** -f: the lines written from now on, until Ctrl-C. */
function followJob(get: () => string[] | string, from: number, io: { out(t: string): void }): Job {
  let seen = from;
  return {
    tick() {
      const lines = get();
      if (typeof lines !== 'string' && lines.length > seen) {
        io.out(lines.slice(seen).map((l) => `${l}\n`).join(''));
        seen = lines.length;
      }
      return undefined;
    },
    input: () => undefined,
    interrupt() {},
  };
}
