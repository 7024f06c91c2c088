// What a trainee does to a VM from outside or inside: virtctl start|stop|restart, and a
// scenario's steps (a restart, or an action in the running guest).
import type { VmController } from './controller.ts';
import type { SimClock } from './clock.ts';
import type { GuestModel, GuestStep } from './guest.ts';
import { isFinal } from './records.ts';
import type { ObjectStore } from './store.ts';

export interface VirtctlOptions {
  force?: boolean;
  gracePeriod?: number;
  /** --dry-run: the API server's checks, nothing changed (virtctl's DryRunAll). */
  dryRun?: boolean;
}

export class Actions {
  constructor(
    private readonly clock: SimClock,
    private readonly store: ObjectStore,
    private readonly controller: VmController,
    private readonly guest: GuestModel,
  ) {}

  /**
   * `force`: stop --force --grace-period=N sets the VMI's grace period to N; restart --force
   * sets it to 1 (virt-api lifecycle.go, patchVMITerminationGracePeriod).
   */
  virtctl(action: 'start' | 'stop' | 'restart', ns: string, name: string, opts: VirtctlOptions = {}): { ok: boolean; message: string } {
    const vm = this.store.vms.get(`${ns}/${name}`);
    if (!vm || vm.owner) return { ok: false, message: `Error ${action === 'start' ? 'starting' : action === 'stop' ? 'stopping' : 'restarting'} VirtualMachine virtualmachine.kubevirt.io "${name}" not found` };
    const live = vm.vmi && !isFinal(vm.vmi.phase) ? vm.vmi : undefined;
    if (action === 'start') {
      if (live) return { ok: false, message: `Error starting VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "${name}": VM is already running` };
      if (opts.dryRun) return { ok: true, message: `VM ${name} was scheduled to start` };
      this.clock.emit('vm', 'start', { by: 'virtctl start', runStrategy: vm.strategy === 'Halted' ? 'Always' : vm.strategy });
      if (vm.strategy === 'Halted') vm.strategy = 'Always';
      vm.startGen++;
      vm.waitingUntil = undefined;
      this.controller.createVmi(vm);
      return { ok: true, message: `VM ${name} was scheduled to start` };
    }
    if (action === 'stop') {
      if (!live && vm.strategy === 'Halted') return { ok: false, message: `Error stopping VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "${name}": VM is not running` };
      if (opts.dryRun) return { ok: true, message: `VM ${name} was scheduled to stop` };
      this.clock.emit('vm', 'stop', { by: 'virtctl stop' });
      if (vm.strategy !== 'Manual') vm.strategy = 'Halted';
      vm.startGen++;
      vm.waitingUntil = undefined;
      if (live) this.controller.stopVmi(vm, live, 'virtctl stop', false, opts.force ? (opts.gracePeriod ?? 0) : undefined);
      return { ok: true, message: `VM ${name} was scheduled to stop` };
    }
    if (!live) return { ok: false, message: `Error restarting VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "${name}": VM is not running` };
    if (opts.dryRun) return { ok: true, message: `VM ${name} was scheduled to restart` };
    this.clock.emit('vm', 'restart-requested', { by: 'virtctl restart' });
    this.controller.stopVmi(vm, live, 'virtctl restart', true, opts.force ? 1 : undefined);
    return { ok: true, message: `VM ${name} was scheduled to restart` };
  }

  /**
   * virtctl pause / unpause / soft-reboot of a VMI (virt-api lifecycle.go): a paused domain
   * gets the Paused condition (PausedByUser) and the VM shows Paused; soft-reboot reboots the
   * guest inside the same VMI.
   */
  vmiAction(action: 'pause' | 'unpause' | 'soft-reboot', ns: string, name: string): { ok: boolean; message: string } {
    const vm = this.store.vms.get(`${ns}/${name}`);
    const vmi = vm?.vmi;
    const verb = action === 'pause' ? 'pausing' : action === 'unpause' ? 'unpausing' : 'soft rebooting';
    const conflict = (why: string) => ({ ok: false, message: `Error ${verb} VirtualMachineInstance ${name}: Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "${name}": ${why}` });
    if (!vm || !vmi) return { ok: false, message: `Error ${verb} VirtualMachineInstance ${name}: virtualmachineinstance.kubevirt.io "${name}" not found` };
    if (vmi.phase !== 'Running' || vmi.stopping) return conflict('VMI is not running');
    if (action === 'pause') {
      if (vmi.paused) return conflict('VMI is already paused');
      vmi.paused = true;
      this.clock.emit('vmi', 'condition', { condition: 'Paused', status: 'True', reason: 'PausedByUser' });
    } else if (action === 'unpause') {
      if (!vmi.paused) return conflict('VMI is not paused');
      vmi.paused = false;
      this.clock.emit('vmi', 'condition', { condition: 'Paused', status: 'False' });
    } else {
      if (vmi.paused) return conflict('VMI is paused');
      this.clock.emit('vmi', 'soft-reboot', {});
      this.guest.bootGuest(vm, vmi, true);
    }
    return { ok: true, message: `VMI ${name} was scheduled to ${action}` };
  }

  guestAction(ns: string, name: string, step: GuestStep): void {
    const vm = this.store.vms.get(`${ns}/${name}`);
    const vmi = vm?.vmi;
    if (step.action === 'restart') {
      if (vm) {
        const r = this.virtctl('restart', ns, name);
        if (!r.ok) this.clock.emit('vm', 'ignored', { action: 'restart', message: r.message });
      }
      return;
    }
    if (!vm || !vmi || vmi.phase !== 'Running') {
      this.clock.emit('guest', 'ignored', { action: step.action, message: 'no running guest at this time' });
      return;
    }
    this.guest.act(vm, vmi, step);
  }
}
