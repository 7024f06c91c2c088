// The guest inside a VMI: cloud-init's plan from the user data (bootcmd every boot, packages and
// runcmd once per instance), the servers it starts, the guest agent, the watchdog feeder and the
// watchdog device's action, and what a trainee does in the guest (a scenario's guest actions).
import { parse as parseYaml } from 'yaml';
import type { SimClock } from './clock.ts';
import { planFromCloudConfig, type GuestPlan, type Step } from './guest-commands.ts';
import { alive, type Guest, type Lifecycle, type VmiRecord, type VmRecord } from './records.ts';
import type { ObjectStore } from './store.ts';

/** What the Fedora Cloud containerdisk the labs boot ships (and starts: qemu-guest-agent). */
const IMAGE_PACKAGES = ['python3', 'qemu-guest-agent', 'curl', 'sudo', 'systemd'];
/** Which package provides a command the guest model runs. */
const PROVIDERS: Record<string, string[]> = {
  nc: ['nmap-ncat', 'nc', 'ncat', 'netcat', 'nmap'],
  python3: ['python3'],
  busybox: ['busybox'],
};

/** A fresh guest: nothing booted yet, the image's packages installed. */
export function newGuest(): Guest {
  return { boot: 0, firstBootDone: false, netUp: false, agentInstalled: true, agentWanted: true, agentUp: false, hung: false, installed: new Set(IMAGE_PACKAGES), listeners: new Map(), feederGen: 0 };
}

/** A scenario step done in the guest. */
export interface GuestStep {
  action: string;
  port?: number;
  interval?: number;
  timeout?: number;
}

export class GuestModel {
  constructor(
    private readonly clock: SimClock,
    private readonly store: ObjectStore,
    private readonly life: Lifecycle,
  ) {}

  private plan(vm: VmRecord): GuestPlan | undefined {
    if (vm.plan) return vm.plan;
    const ud = vm.model.userData;
    let text: string | undefined;
    if (!ud) return undefined;
    if ('inline' in ud) text = ud.inline;
    else text = this.store.secrets.get(`${vm.model.namespace}/${ud.secretName}`);
    if (text === undefined) return undefined;
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (e) {
      vm.plan = { bootcmd: [], final: [], notes: [`cloud-init could not parse the user data (${(e as Error).message.split('\n')[0]}): it runs nothing`] };
      return vm.plan;
    }
    vm.plan = planFromCloudConfig(data);
    if (!/^#cloud-config\s*$/m.test(text.split('\n')[0] ?? '')) vm.plan.notes.push('the user data does not start with #cloud-config: cloud-init does not read it as cloud-config');
    return vm.plan;
  }

  bootGuest(vm: VmRecord, vmi: VmiRecord, reboot: boolean): void {
    const g = vmi.guest;
    const boot = ++g.boot;
    g.feederGen++;
    g.feeder = undefined;
    g.netUp = false;
    g.agentUp = false;
    g.hung = false;
    g.listeners.clear();
    this.clock.emit('guest', 'boot', { boot, ...(reboot ? { reboot: true } : {}) });
    const plan = this.plan(vm);
    const ud = vm.model.userData;
    if (!plan && boot === 1 && !g.firstBootDone) {
      if (ud && 'secretName' in ud) this.clock.emit('guest', 'note', { message: `the VM's user data (Secret ${ud.secretName}) was not given: cloud-init runs nothing, the guest serves nothing` });
      else if (!ud) this.clock.emit('guest', 'note', { message: 'the VM has no cloud-init volume: the guest serves nothing' });
    }
    if (plan && !g.firstBootDone) for (const n of plan.notes) this.clock.emit('guest', 'note', { message: n });
    const first = !g.firstBootDone;
    g.firstBootDone = true;
    this.clock.after(this.clock.timings.bootcmdStart, () => {
      if (g.boot !== boot) return;
      g.netUp = true;
      // bootcmd runs every boot; packages and runcmd once per instance (a new VMI is a new instance)
      this.runSteps(vm, vmi, plan?.bootcmd ?? [], 0, boot, () => {
        if (!first || !plan?.final.length) return;
        this.clock.after(this.clock.timings.finalStageDelay, () => this.runSteps(vm, vmi, plan.final, 0, boot, () => {}));
      });
    });
    this.clock.after(this.clock.timings.agentStart, () => {
      if (g.boot !== boot || g.hung || !g.agentInstalled || !g.agentWanted) return;
      g.agentUp = true;
      this.clock.emit('guest', 'agent', { running: true });
    });
  }

  private has(g: Guest, need: string): boolean {
    return (PROVIDERS[need] ?? [need]).some((p) => g.installed.has(p));
  }

  private runSteps(vm: VmRecord, vmi: VmiRecord, steps: Step[], i: number, boot: number, done: () => void): void {
    const g = vmi.guest;
    if (g.boot !== boot || g.hung) return;
    if (i >= steps.length) return done();
    const s = steps[i]!;
    const next = (dt: number) => this.clock.after(dt, () => this.runSteps(vm, vmi, steps, i + 1, boot, done));
    const stepEvent = (status: string, extra: Record<string, unknown> = {}) => this.clock.emit('guest', 'step', { command: s.command, status, ...extra });
    switch (s.kind) {
      case 'install': {
        const missing = s.packages.filter((p) => !g.installed.has(p));
        stepEvent('started');
        this.clock.after(missing.length ? this.clock.timings.packageInstall : this.clock.timings.packageInstalled, () => {
          if (g.boot !== boot || g.hung) return;
          for (const p of s.packages) g.installed.add(p);
          stepEvent('done');
          next(0);
        });
        return;
      }
      case 'remove': {
        for (const p of s.packages) g.installed.delete(p);
        if (s.packages.includes('qemu-guest-agent')) this.agentGone(g, 'qemu-guest-agent removed');
        stepEvent('done');
        return next(this.clock.timings.packageInstalled);
      }
      case 'listen': {
        if (s.needs && !this.has(g, s.needs)) {
          stepEvent('failed', { message: `${s.needs}: command not found (install its package first)` });
          return next(0);
        }
        this.clock.after(this.clock.timings.listenerStart, () => {
          if (g.boot !== boot || g.hung) return;
          g.listeners.set(s.port, { port: s.port, keepOpen: s.keepOpen, http: s.http });
          this.clock.emit('guest', 'listening', { port: s.port, command: s.command });
        });
        if (!s.background) {
          stepEvent('blocking', { message: 'runs in the foreground: cloud-init waits for it and runs nothing after it' });
          return;
        }
        return next(0);
      }
      case 'feeder': {
        if (!this.has(g, 'busybox')) {
          stepEvent('failed', { message: 'busybox: command not found (install busybox first)' });
          return next(0);
        }
        this.startFeeder(vm, vmi, s.interval, s.timeout);
        if (!s.background) return;
        return next(0);
      }
      case 'sleep':
        return next(s.seconds);
      case 'agent':
        g.agentWanted = s.running;
        if (!s.running) this.agentGone(g, s.command);
        else if (g.agentInstalled && !g.agentUp) {
          g.agentUp = true;
          this.clock.emit('guest', 'agent', { running: true });
        }
        return next(0);
      case 'noop':
        return next(0);
      case 'unknown':
        stepEvent('not-simulated');
        return next(this.clock.timings.otherCommand);
    }
  }

  private agentGone(g: Guest, why: string): void {
    if (!g.agentUp) return;
    g.agentUp = false;
    this.clock.emit('guest', 'agent', { running: false, reason: why });
  }

  private startFeeder(vm: VmRecord, vmi: VmiRecord, interval: number, timeout: number): void {
    const g = vmi.guest;
    if (!vm.model.watchdog) {
      this.clock.emit('watchdog', 'no-device', { message: 'open /dev/watchdog: No such file or directory (the VM has no watchdog device)' });
      return;
    }
    const gen = ++g.feederGen;
    g.feeder = { interval, timeout, since: this.clock.now };
    this.clock.emit('watchdog', 'armed', { interval, timeout, action: vm.model.watchdog.action });
    // a feeder slower than the timeout lets the device fire between two heartbeats
    if (interval > timeout) this.clock.after(timeout, () => gen === g.feederGen && this.fire(vm, vmi));
  }

  private stopFeeder(vm: VmRecord, vmi: VmiRecord, why: string): void {
    const g = vmi.guest;
    const f = g.feeder;
    if (!f) return;
    g.feeder = undefined;
    const gen = ++g.feederGen;
    // the last heartbeat before now (a heartbeat due at this very instant is not sent)
    const k = Math.max(0, Math.ceil((this.clock.now - f.since) / f.interval - 1e-9) - 1);
    const last = f.since + Math.min(k * f.interval, f.interval > f.timeout ? 0 : Infinity);
    const at = Math.max(this.clock.now, last + f.timeout);
    this.clock.emit('guest', 'feeder-stopped', { reason: why, lastHeartbeat: Math.round(last * 1000) / 1000, firesAt: Math.round(at * 1000) / 1000 });
    if (f.interval > f.timeout) return; // the pending fire scheduled at start stays
    this.clock.at(at, () => gen === g.feederGen && this.fire(vm, vmi));
  }

  private fire(vm: VmRecord, vmi: VmiRecord): void {
    if (!alive(vm, vmi)) return;
    const action = vm.model.watchdog?.action ?? 'reset';
    this.clock.emit('watchdog', 'fired', { action });
    vmi.guest.feederGen++;
    vmi.guest.feeder = undefined;
    if (action === 'poweroff') {
      vmi.guest.boot++;
      this.clock.after(this.clock.timings.domainStop, () => this.life.finish(vm, vmi, 'Failed', 'watchdog poweroff'));
    } else if (action === 'reset') {
      this.bootGuest(vm, vmi, true);
    } else if (action === 'shutdown') {
      vmi.guest.boot++;
      this.clock.after(this.clock.timings.gracefulStop, () => this.life.finish(vm, vmi, 'Succeeded', 'watchdog shutdown'));
    } else {
      this.clock.emit('watchdog', 'not-simulated', { action, message: `watchdog action "${action}" is not simulated (poweroff, reset and shutdown are)` });
    }
  }

  /** A scenario's guest action in the running guest of the VMI. */
  act(vm: VmRecord, vmi: VmiRecord, step: GuestStep): void {
    const g = vmi.guest;
    switch (step.action) {
      case 'stop-server': {
        const ports = step.port !== undefined ? [step.port] : [...g.listeners.keys()];
        for (const p of ports) if (g.listeners.delete(p)) this.clock.emit('guest', 'stopped-listening', { port: p, reason: 'stop-server' });
        if (!ports.length) this.clock.emit('guest', 'ignored', { action: step.action, message: 'no server is running' });
        break;
      }
      case 'start-server': {
        const port = step.port ?? 8081;
        if (g.hung) break;
        g.listeners.set(port, { port, keepOpen: true, http: 200 });
        this.clock.emit('guest', 'listening', { port, command: 'start-server' });
        break;
      }
      case 'remove-guest-agent':
        g.agentInstalled = false;
        g.installed.delete('qemu-guest-agent');
        if (g.agentUp) this.agentGone(g, 'remove-guest-agent');
        else this.clock.emit('guest', 'agent', { running: false, reason: 'remove-guest-agent' });
        break;
      case 'hang-guest':
        if (g.hung) break;
        g.hung = true;
        this.clock.emit('guest', 'hung', {});
        this.stopFeeder(vm, vmi, 'guest hung');
        break;
      case 'start-watchdog-feeder':
        if (g.feeder) this.stopFeeder(vm, vmi, 'restarted');
        this.startFeeder(vm, vmi, step.interval ?? 30, step.timeout ?? 60);
        break;
      case 'stop-watchdog-feeder':
        if (!g.feeder) this.clock.emit('guest', 'ignored', { action: step.action, message: 'no watchdog feeder is running' });
        this.stopFeeder(vm, vmi, 'stop-watchdog-feeder');
        break;
      default:
        this.clock.emit('guest', 'ignored', { action: step.action, message: 'unknown action' });
    }
  }
}
