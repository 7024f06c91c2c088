// `virtctl start|stop|restart|console` in the sandbox. The console follows the VMI's guest in
// the simulator (boot, cloud-init, listeners, guest agent, watchdog) as a serial log, logs the
// trainee in, and runs the lab's in-guest commands as simulator scenario actions; queries of the
// guest's services use the exec probes' model (simulator/exec-probe.ts). Ctrl-] leaves.
import { parse as parseYaml } from 'yaml';
import { parseCommand, shellWords } from '../simulator/guest-commands.ts';
import { guestCommand } from '../simulator/exec-probe.ts';
import { fromBase64 } from './kubectl/base64.ts';
import { LineEditor } from './line-editor.ts';
import type { CommandContext, Job, Result } from './types.ts';
import { notSimulated, VERBS } from './virtctl/verbs.ts';
import { notSimulated as notSimulatedLine } from './kubectl/not-simulated.ts';
import { defaultNamespace } from './kubectl/config.ts';

export const VIRTCTL_VERBS = ['start', 'stop', 'restart', 'console', 'version', 'help', ...Object.keys(VERBS), 'ssh', 'scp'];

interface StopFlags {
  force: boolean;
  dryRun?: boolean;
  /** --grace-period as given (undefined when not set). */
  gracePeriod?: number;
}

function nsAndName(ctx: CommandContext, args: string[], stop: StopFlags = { force: false }): { ns: string; name?: string; error?: string } {
  let ns = defaultNamespace(ctx);
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n' || a === '--namespace') {
      const v = args[++i];
      if (v === undefined) return { ns, error: `flag needs an argument: '${a.replace(/^-+/, '')}' in ${a}` };
      ns = v;
    } else if (a.startsWith('--namespace=')) ns = a.slice(12);
    else if (/^-n./.test(a)) ns = a.slice(2).replace(/^=/, '');
    else if (a === '--force' || a === '--force=true') stop.force = true;
    else if (a === '--force=false') stop.force = false;
    else if (a === '--dry-run' || a === '--dry-run=true') stop.dryRun = true;
    else if (a === '--dry-run=false') stop.dryRun = false;
    else if (a === '--grace-period' || a.startsWith('--grace-period=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (v === undefined) return { ns, error: `flag needs an argument: --grace-period` };
      if (!/^-?\d+$/.test(v)) return { ns, error: `invalid argument "${v}" for "--grace-period" flag: strconv.ParseInt: parsing "${v}": invalid syntax` };
      stop.gracePeriod = Number(v);
    } else if (a.startsWith('--timeout')) continue;
    else if (a.startsWith('-')) return { ns, error: `unknown flag: ${a}` };
    else pos.push(a);
  }
  if (pos.length !== 1) return { ns, error: `argument validation failed` };
  return { ns, name: pos[0] };
}

/** virtctl's global flags before the verb (root.go, client-go's kubeconfig flags). */
const GLOBAL_VALUED = new Set(['--kubeconfig', '--context', '--cluster', '--user', '--server', '-s', '--token', '-v', '--v']);

export function virtctl(ctx: CommandContext, argv: string[]): Result {
  const { io } = ctx;
  let args = argv;
  let kubeconfig: string | undefined;
  while (args[0]?.startsWith('-') && !/^(-h|--help)$/.test(args[0])) {
    const a = args[0];
    const eq = a.indexOf('=');
    const flag = eq >= 0 ? a.slice(0, eq) : a;
    if (!GLOBAL_VALUED.has(flag) && !/^-v\d+$/.test(a)) break;
    const value = eq >= 0 ? a.slice(eq + 1) : /^-v\d+$/.test(a) ? '' : args[1];
    if (value === undefined) {
      io.out(`Error: flag needs an argument: ${flag}\n`);
      return 1;
    }
    if (flag === '--kubeconfig') kubeconfig = value;
    args = args.slice(eq >= 0 || /^-v\d+$/.test(a) ? 1 : 2);
  }
  // another cluster's kubeconfig: the sandbox is one cluster; a file that is not there fails as client-go does
  if (kubeconfig !== undefined && args[0] && !/^(help|version|options|-h|--help)$/.test(args[0])) {
    const path = ctx.vfs.resolve(kubeconfig);
    io.out(ctx.vfs.exists(kubeconfig) ? `${notSimulatedLine(`virtctl --kubeconfig (another cluster's config, ${path})`)}\n` : `Cannot obtain KubeVirt client: stat ${path}: no such file or directory\n`);
    return 1;
  }
  const verb = args[0];
  if (verb === 'options') {
    io.out('The following options can be passed to any command:\n\n      --as string                      Username to impersonate for the operation. User could be a regular user or a service account in a namespace.\n      --certificate-authority string   Path to a cert file for the certificate authority\n      --context string                 The name of the kubeconfig context to use\n      --kubeconfig string              Path to the kubeconfig file to use for CLI requests.\n  -n, --namespace string               If present, the namespace scope for this CLI request\n  -s, --server string                  The address and port of the Kubernetes API server\n      --token string                   Bearer token for authentication to the API server\n  -v, --v Level                        number for the log level verbosity\n');
    return 0;
  }
  if (!verb || verb === 'help' || verb === '--help' || verb === '-h') {
    io.out(
      'virtctl controls virtual machine related operations on your kubernetes cluster (here: the kvlab sandbox).\n\nAvailable Commands:\n' +
        '  addvolume     add a volume to a running VM\n' +
        '  console       Connect to a console of a virtual machine instance.\n' +
        '  expose        Expose a virtual machine instance, virtual machine, or virtual machine instance replica set as a new service.\n' +
        '  fslist        Return full list of filesystems available on the guest machine.\n' +
        '  guestosinfo   Return guest agent info about operating system.\n' +
        '  image-upload  Upload a VM image to a DataVolume/PersistentVolumeClaim.\n' +
        '  migrate       Migrate a virtual machine.\n' +
        '  pause         Pause a virtual machine\n' +
        '  removevolume  remove a volume from a running VM\n' +
        '  restart       Restart a virtual machine.\n' +
        '  scp           SCP files from/to a virtual machine instance.\n' +
        '  soft-reboot   Soft reboot a virtual machine instance\n' +
        '  ssh           Open a SSH connection to a virtual machine instance.\n' +
        '  start         Start a virtual machine.\n' +
        '  stop          Stop a virtual machine.\n' +
        '  unpause       Unpause a virtual machine\n' +
        '  userlist      Return full list of logged in users on the guest machine.\n\n' +
        'Use "virtctl <command> --help" for more information about a given command.\n',
    );
    return verb ? 0 : 1;
  }
  if (verb === 'version') {
    io.out('Client Version: version.Info{GitVersion:"v1.9.0"}\nServer Version: version.Info{GitVersion:"v1.9.0 (kvlab sandbox)"}\n');
    return 0;
  }
  const ns0 = notSimulated(ctx, verb);
  if (ns0 !== undefined) return ns0;
  const other = VERBS[verb];
  if (other) return other(ctx, args.slice(1));
  if (!VIRTCTL_VERBS.includes(verb)) {
    io.out(`Error: unknown command "${verb}" for "virtctl"\nRun 'virtctl --help' for usage.\n`);
    return 1;
  }
  const stop: StopFlags = { force: false };
  const { ns, name, error } = nsAndName(ctx, args.slice(1), stop);
  if (error || !name) {
    io.out(`Error: ${error}\nUsage:\n  virtctl ${verb} (VM)${verb === 'console' ? ' [flags]' : ''}\n`);
    return 1;
  }
  if (ns !== ctx.namespace) {
    const res = verb === 'console' ? 'virtualmachineinstances/console' : `virtualmachines/${verb}`;
    io.out(`Error ${verb === 'console' ? 'connecting to console' : `${verb}ing VirtualMachine`}: virtualmachine.kubevirt.io "${name}" is forbidden: User "system:serviceaccount:${ctx.namespace}:${ctx.user}" cannot update resource "${res}" in API group "subresources.kubevirt.io" in the namespace "${ns}"\n`);
    return 1;
  }
  if (verb === 'console') return consoleJob(ctx, ns, name);
  if ((verb === 'stop' || verb === 'restart') && (stop.gracePeriod !== undefined) !== stop.force) {
    // virtctl's stop.go / restart.go: the two flags go together
    io.out('Error: Must both use --force=true and set --grace-period.\n');
    return 1;
  }
  const opts = { ...(stop.force ? { force: true, gracePeriod: stop.gracePeriod ?? 0 } : {}), ...(stop.dryRun ? { dryRun: true } : {}) };
  if (stop.dryRun && verb !== 'console') io.out('Dry Run execution\n');
  const r = ctx.sandbox.virtctl(verb as 'start' | 'stop' | 'restart', ns, name, opts);
  io.out(`${r.message}\n`);
  return r.ok ? 0 : 1;
}

// ------------------------------------------------------------------------------------ console

function guestPassword(ctx: CommandContext, ns: string, name: string): string | undefined {
  // a replica set's VMI has no VM: its cloud-init is the replica set's template
  const owner = ctx.sandbox.cluster.vmiOwner(ns, name);
  const vm = owner ? ctx.sandbox.find(owner.kind, ns, owner.name) : ctx.sandbox.find('VirtualMachine', ns, name);
  const spec = (vm?.obj.spec as { template?: { spec?: { volumes?: unknown[] } } } | undefined)?.template?.spec;
  for (const v of spec?.volumes ?? []) {
    const src = (v as Record<string, Record<string, unknown> | undefined>)?.cloudInitNoCloud ?? (v as Record<string, Record<string, unknown> | undefined>)?.cloudInitConfigDrive;
    if (!src) continue;
    let text: string | undefined;
    if (typeof src.userData === 'string') text = src.userData;
    else if (typeof src.userDataBase64 === 'string') text = fromBase64(src.userDataBase64);
    else {
      const ref = (src.secretRef ?? src.userDataSecretRef) as { name?: string } | undefined;
      const secret = ref?.name ? ctx.sandbox.find('Secret', ns, ref.name) : undefined;
      const data = (secret?.obj.data ?? {}) as Record<string, string>;
      if (typeof data.userdata === 'string') text = fromBase64(data.userdata);
      else if (typeof data.userData === 'string') text = fromBase64(data.userData);
    }
    try {
      const cfg = parseYaml(text ?? '') as { password?: unknown } | null;
      if (cfg && typeof cfg.password === 'string') return cfg.password;
    } catch {
      /* no password: nobody logs in */
    }
  }
  return undefined;
}

const stamp = (s: number) => `[${s.toFixed(6).padStart(12)}]`;

function consoleJob(ctx: CommandContext, ns: string, name: string): Result {
  const { io, sandbox } = ctx;
  const first = sandbox.cluster.vmi(ns, name);
  if (!sandbox.find('VirtualMachine', ns, name) && !first) {
    io.out(`can't access VMI ${name}: Internal error occurred: virtualmachineinstance.kubevirt.io "${name}" not found\n`);
    return 1;
  }
  if (!first || first.phase === 'Succeeded' || first.phase === 'Failed') {
    io.out(`can't access VMI ${name}: Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "${name}": VMI is not running\n`);
    return 1;
  }
  const out = (s: string) => io.out(s);
  const editor = new LineEditor((s) => io.out(s), []);
  let uid = -1;
  let boot = 0;
  let connected = false;
  let netUp = false;
  let agentUp = false;
  let ports = new Set<number>();
  let feeder = false;
  let state: 'waiting' | 'booting' | 'login' | 'password' | 'shell' = 'waiting';
  let loginUser = '';
  let done: number | undefined;
  const vmiNow = () => sandbox.cluster.vmi(ns, name);
  const bootT = () => sandbox.now - (vmiNow()?.container?.startedAt ?? sandbox.now);
  const prompt = () => `[${loginUser}@${name} ~]$ `;
  const toLogin = () => {
    state = 'login';
    out(`\nFedora Linux 40 (Cloud Edition)\nKernel 6.8.5-301.fc40.x86_64 on an x86_64 (ttyS0)\n\n`);
    out(`(kvlab sandbox: log in as fedora with the password from the VM's cloud-init)\n`);
    editor.start(`${name} login: `);
  };
  // a serial log line while someone types: printed above the prompt, then the line redrawn
  const log = (text: string) => {
    if (state === 'login' || state === 'password' || state === 'shell') {
      out(`\r\x1b[K${text}`);
      if (editor.secret) out(editor.prompt);
      else editor.redraw();
    } else out(text);
  };
  const disconnect = (why: string) => {
    out(`\n${why}\n`);
    done = 1;
  };

  const follow = (): number | undefined => {
    if (done !== undefined) return done;
    const vmi = vmiNow();
    if (!vmi || (uid !== -1 && vmi.uid !== uid)) {
      return (done = connected ? (disconnect('You were disconnected from the console. This has one of the following reasons:\n - another user connected to the console of the target vm\n - network issues\nwebsocket: close 1006 (abnormal closure): unexpected EOF'), 1) : (out(`can't access VMI ${name}: VMI is not running\n`), 1));
    }
    uid = vmi.uid;
    if (vmi.phase === 'Succeeded' || vmi.phase === 'Failed') {
      // a watchdog poweroff shows on the serial line; a killed container just cuts it
      const fired = sandbox.cluster.events.some((e) => e.source === 'watchdog' && e.type === 'fired' && e.t >= sandbox.now - 5);
      const why = vmi.phase === 'Succeeded' ? 'reboot: Power down' : fired ? 'watchdog: i6300esb: initiating system poweroff' : '';
      if (connected && why) out(`\r\n${stamp(bootT())} ${why}\n`);
      disconnect('You were disconnected from the console. This has one of the following reasons:\n - another user connected to the console of the target vm\n - network issues\nwebsocket: close 1006 (abnormal closure): unexpected EOF');
      return done;
    }
    if (vmi.phase !== 'Running') return undefined; // virtctl console waits for the VMI to run
    const g = vmi.guest;
    if (!connected) {
      connected = true;
      out(`Successfully connected to ${name} console. The escape sequence is ^]\n`);
      if (g.agentUp || (!g.agentInstalled && bootT() > 40)) {
        // a guest that booted before we connected: the serial line shows only the login prompt
        boot = g.boot;
        netUp = g.netUp;
        agentUp = g.agentUp;
        feeder = !!g.feeder;
        ports = new Set(g.listeners.keys());
        toLogin();
      }
    }
    if (g.boot !== boot) {
      if (boot !== 0) out(`\r\n${stamp(bootT())} watchdog: i6300esb: initiating system reset\n`);
      boot = g.boot;
      netUp = agentUp = feeder = false;
      ports = new Set();
      state = 'booting';
      out(`\r\n${stamp(0)} Linux version 6.8.5-301.fc40.x86_64 (mockbuild@fedoraproject) #1 SMP PREEMPT_DYNAMIC\n${stamp(0)} Command line: BOOT_IMAGE=(hd0,gpt3)/vmlinuz root=UUID=… console=ttyS0\n${stamp(0.41)} i6300esb: Intel 6300ESB WatchDog Timer Driver v0.05\n`);
    }
    if (g.hung) return undefined;
    if (g.netUp && !netUp) {
      netUp = true;
      log(`${stamp(bootT())} cloud-init[702]: Cloud-init v. 24.1 running 'init' at boot ${boot}. Up ${Math.round(bootT())} seconds.\n`);
    }
    for (const p of g.listeners.keys()) if (!ports.has(p)) log(`${stamp(bootT())} systemd[1]: Started httpserver: listening on port ${p}.\n`);
    ports = new Set(g.listeners.keys());
    if (!!g.feeder !== feeder) {
      feeder = !!g.feeder;
      if (feeder) log(`${stamp(bootT())} watchdog: i6300esb: heartbeat ${g.feeder!.interval}s, timeout ${g.feeder!.timeout}s\n`);
    }
    if (g.agentUp && !agentUp) {
      agentUp = true;
      log(`${stamp(bootT())} systemd[1]: Started qemu-guest-agent.service - QEMU Guest Agent.\n`);
      if (state === 'booting') toLogin();
    } else if (state === 'booting' && bootT() > 40 && !g.agentInstalled) toLogin();
    return undefined;
  };

  let loadUntilEnter = false;
  const run = (line: string): void => {
    const words = shellWords(line);
    const cmd = words.filter((w) => w !== 'sudo')[0] ?? '';
    const rest = words.slice(words.indexOf(cmd) + 1);
    const step = (action: string, extra: Record<string, number> = {}) => sandbox.guest(ns, name, { action, ...extra });
    // the simulated CPU (simulator/hpa.ts): dd to /dev/null or stress keeps the vCPUs busy
    if (loadUntilEnter) {
      loadUntilEnter = false;
      step('cpu-idle');
      return;
    }
    const cpu = cpuCommand(line);
    if (cpu) {
      step(cpu === 'idle' ? 'cpu-idle' : 'cpu-load');
      loadUntilEnter = cpu === 'until-enter';
      return;
    }
    if (!cmd) return;
    if (/sysrq-trigger/.test(line)) {
      step('hang-guest');
      out(`${stamp(bootT())} sysrq: Trigger a crash\n${stamp(bootT())} Kernel panic - not syncing: sysrq triggered crash\n`);
      return;
    }
    if (cmd === 'exit' || cmd === 'logout') {
      out('logout\n');
      toLogin();
      return;
    }
    // Queries of the guest's services (curl, systemctl is-active, nc -z, pgrep, and && || ;
    // lines of them) go through the exec probes' model of the guest: one answer for both.
    const g = vmiNow()?.guest;
    const q = g ? guestCommand(line, g) : undefined;
    if (q && 'exit' in q) return out(q.output ?? '');
    if (cmd === 'systemctl') {
      const verb = rest.find((w) => !w.startsWith('-')) ?? '';
      const unit = (rest.filter((w) => !w.startsWith('-'))[1] ?? '').replace(/\.service$/, '');
      if (!unit) return out(`Too few arguments.\n`);
      if (unit === 'qemu-guest-agent') {
        if (verb === 'stop') step('remove-guest-agent');
        else out(`kvlab sandbox: only "systemctl stop qemu-guest-agent" is simulated\n`);
        return;
      }
      if (verb === 'stop' || verb === 'kill') {
        if (!vmiNow()?.guest.listeners.size) return out(`Failed to stop ${unit}.service: Unit ${unit}.service not loaded.\n`);
        step('stop-server');
        return;
      }
      if (verb === 'start' || verb === 'restart') {
        step('start-server', { port: 8081 });
        return;
      }
      if (verb === 'status') {
        const l = [...(vmiNow()?.guest.listeners.keys() ?? [])];
        return out(l.length ? `● ${unit}.service\n     Active: active (running)\n   listening on ${l.join(', ')}\n` : `○ ${unit}.service\n     Active: inactive (dead)\n`);
      }
      return out(`kvlab sandbox: systemctl ${verb} is not simulated\n`);
    }
    if (cmd === 'pkill' || cmd === 'killall') {
      if (rest.some((w) => /watchdog|busybox/.test(w))) {
        // busybox watchdog catches SIGTERM/SIGINT and writes the magic 'V' before it exits, which
        // disarms the device; only a SIGKILL leaves the device armed without heartbeats
        if (rest.some((w) => /^-(9|KILL|SIGKILL|s\s*KILL)$/.test(w))) return step('stop-watchdog-feeder');
        return out(`${stamp(bootT())} watchdog: watchdog0: magic close received: the device is disarmed and will not fire (kill -9 the feeder, or hang the guest, to see the watchdog act)\n`);
      }
      if (rest.some((w) => /^(nc|ncat|python3?)$/.test(w))) return step('stop-server');
      return;
    }
    if (cmd === 'whoami') return out(`${loginUser}\n`);
    if (cmd === 'hostname') return out(`${name}\n`);
    const steps = parseCommand(line);
    for (const s of steps) {
      if (s.kind === 'feeder') step('start-watchdog-feeder', { interval: s.interval, timeout: s.timeout });
      else if (s.kind === 'listen') step('start-server', { port: s.port });
      else if (s.kind === 'remove' && s.packages.includes('qemu-guest-agent')) step('remove-guest-agent');
      else if (s.kind === 'install') out('Last metadata expiration check: 0:01:12 ago.\nPackage already installed or installed (simulated).\nComplete!\n');
      else if (s.kind === 'noop') {
        if (cmd === 'echo') out(`${rest.join(' ')}\n`);
      } else if (s.kind === 'unknown' || s.kind === 'agent') out(`kvlab sandbox: "${cmd}" is not simulated in the guest (the lab's in-guest commands are)\n`);
    }
  };

  const job: Job = {
    raw: true,
    tick: follow,
    input(data) {
      if (done !== undefined) return done;
      if (data.includes('\x1d')) {
        out('\n');
        return (done = 0);
      }
      if (state !== 'login' && state !== 'password' && state !== 'shell') return undefined; // typing while it boots is lost
      for (const ev of editor.feed(data)) {
        if (ev.type === 'escape') {
          out('\n');
          return (done = 0);
        }
        if (ev.type === 'interrupt') {
          if (state === 'shell') editor.start(prompt());
          else editor.start(state === 'password' ? 'Password: ' : `${name} login: `, state === 'password');
          continue;
        }
        if (ev.type !== 'submit') continue;
        if (state === 'login') {
          loginUser = ev.line.trim();
          if (!loginUser) {
            editor.start(`${name} login: `);
            continue;
          }
          state = 'password';
          editor.start('Password: ', true);
        } else if (state === 'password') {
          const pw = guestPassword(ctx, ns, name);
          if (loginUser === 'fedora' && pw !== undefined && ev.line === pw) {
            state = 'shell';
            out(`Last login: on ttyS0\n`);
            editor.start(prompt());
          } else {
            out('\nLogin incorrect\n');
            state = 'login';
            editor.start(`${name} login: `);
          }
        } else {
          if (ev.line.trim()) editor.history.push(ev.line);
          run(ev.line);
          if (done !== undefined) return done;
          if (state === 'shell') editor.start(prompt());
        }
      }
      return undefined;
    },
    interrupt() {
      done = 0;
    },
  };
  if (follow() === undefined && !connected) out(`Waiting for the VMI ${name} to be running…\n`);
  return done ?? job;
}

/**
 * A console line that loads or frees the guest's CPU: `dd if=… of=/dev/null [&]`, `stress`,
 * `stress-ng` load it; `killall dd` / `pkill stress` free it; the lab's
 * `load() { dd … & }; load; read; killall dd` loads it until the next Enter.
 */
export function cpuCommand(line: string): 'load' | 'idle' | 'until-enter' | undefined {
  const loads = /\bdd\s+[^;|&]*of=\/dev\/null|\bstress(-ng)?\s/.test(line);
  const kills = /\b(killall|pkill)\s+(-\S+\s+)*(dd|stress(-ng)?)\b/.test(line);
  if (loads && kills && /\bread\b/.test(line)) return 'until-enter';
  if (loads) return 'load';
  if (kills) return 'idle';
  return undefined;
}
