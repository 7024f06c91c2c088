// HorizontalPodAutoscaler (autoscaling/v1 and v2) over the scale subresource of a
// VirtualMachineInstanceReplicaSet, a VirtualMachinePool or a Deployment, as the kube-controller-
// manager's podautoscaler runs it (kubernetes pkg/controller/podautoscaler/horizontal.go,
// replica_calculator.go), on a simulated CPU:
// - every 15 s (--horizontal-pod-autoscaler-sync-period) and when the HPA is written, it reads the
//   target's spec.replicas (0: scaling disabled), the CPU utilisation of the pods its selector
//   selects (a VMI's virt-launcher pod, a Deployment's pods): sum(usage) × 100 / sum(request);
// - usageRatio = utilisation / target; within the 0.1 tolerance nothing changes, else desired =
//   ceil(ratio × pods with metrics), clamped to [minReplicas (default 1), maxReplicas];
// - scale-up at most max(2 × current, current + 4) per sync (the default scaleUp policies), a
//   scale-down only to the highest recommendation of the last 300 s (the default scaleDown
//   stabilizationWindowSeconds; v2 spec.behavior's windows are read);
// - it writes the target's spec.replicas, records SuccessfulRescale and its status.
// The simulated CPU (SOURCES.md): a pod's request is its CPU request, for a VMI the template's
// domain.resources.requests.cpu, else 100m per vCPU (KubeVirt's cpuAllocationRatio 10); an idle
// pod uses 2 % of its request; a VMI under load (`dd if=/dev/zero of=/dev/null`, `stress` in its
// console, or a scenario's `cpu-load`) uses its CPU limit, else all its vCPUs. A pod reports once
// it has run 15 s (metrics-server's resolution). Not modelled: other metrics than cpu, the 5-minute
// CPU initialisation period for unready pods, scale-down policies other than 100 % per period.
import type { SimClock } from './clock.ts';
import { labelsOf, selects } from './label-selector.ts';
import type { ApiObjects, StoredObject } from './objects.ts';
import type { ObjectStore } from './store.ts';
import { isObj, type Obj } from '../validators/raw.ts';

export const HPA_SYNC_PERIOD = 15;
export const HPA_TOLERANCE = 0.1;
export const DOWNSCALE_STABILIZATION = 300;
/** Share of its request an idle pod uses. */
export const IDLE_SHARE = 0.02;
/** metrics-server's default --metric-resolution: a pod has metrics after running this long. */
export const METRICS_DELAY = 15;

/** A CPU quantity ("100m", "1", "0.5") in millicores; undefined when absent or unreadable. */
export function milliCpu(v: unknown): number | undefined {
  if (typeof v === 'number') return v * 1000;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(v.trim());
  if (!m) return undefined;
  return m[2] ? Number(m[1]) : Number(m[1]) * 1000;
}

/** A VMI template's CPU as the launcher pod gets it: request, limit (millicores) and vCPUs. */
export function vmiCpu(vmiSpec: Obj): { request: number; limit?: number; vcpus: number } {
  const domain = isObj(vmiSpec.domain) ? vmiSpec.domain : {};
  const cpu = isObj(domain.cpu) ? domain.cpu : {};
  const vcpus = (Number(cpu.cores) || 1) * (Number(cpu.sockets) || 1) * (Number(cpu.threads) || 1);
  const res = isObj(domain.resources) ? domain.resources : {};
  const req = milliCpu(isObj(res.requests) ? res.requests.cpu : undefined);
  const lim = milliCpu(isObj(res.limits) ? res.limits.cpu : undefined);
  return { request: req ?? lim ?? vcpus * 100, ...(lim !== undefined ? { limit: lim } : {}), vcpus };
}

interface Sample {
  request: number;
  usage: number;
}

const TARGET_KINDS = new Set(['VirtualMachineInstanceReplicaSet', 'VirtualMachinePool', 'Deployment']);

export class HpaController {
  private readonly timers = new Map<string, number>();
  private readonly history = new Map<string, { t: number; replicas: number }[]>();
  private readonly specs = new Map<string, string>();
  private seq = 0;

  constructor(private readonly clock: SimClock, private readonly api: ApiObjects, private readonly store: ObjectStore) {
    api.control('HorizontalPodAutoscaler');
    api.watch((type, o) => {
      if (o.kind !== 'HorizontalPodAutoscaler') return;
      const key = `${o.namespace}/${o.name}`;
      if (type === 'DELETED') {
        this.timers.delete(key);
        this.history.delete(key);
        this.specs.delete(key);
        return;
      }
      // the controller's own status write changes no spec
      const spec = JSON.stringify(o.obj.spec);
      if (type === 'MODIFIED' && this.specs.get(key) === spec) return;
      this.specs.set(key, spec);
      // processed when written, then every sync period
      const token = ++this.seq;
      this.timers.set(key, token);
      const tick = () => {
        if (this.timers.get(key) !== token) return;
        const hpa = this.api.get('HorizontalPodAutoscaler', o.namespace, o.name);
        if (!hpa) return;
        this.sync(hpa);
        this.clock.after(HPA_SYNC_PERIOD, tick);
      };
      tick();
    });
  }

  /** The CPU samples of the pods the target's selector selects (those with metrics). */
  private samples(target: StoredObject): Sample[] | string {
    const spec = isObj(target.obj.spec) ? target.obj.spec : {};
    const ns = target.namespace;
    const now = this.clock.now;
    const out: Sample[] = [];
    if (target.kind === 'Deployment') {
      for (const p of this.api.list('Pod', ns)) {
        if (!selects(spec.selector, labelsOf(p.obj))) continue;
        const st = isObj(p.obj.status) ? p.obj.status : {};
        if (st.phase !== 'Running' || now - p.createdAt < METRICS_DELAY) continue;
        const containers = isObj(p.obj.spec) && Array.isArray(p.obj.spec.containers) ? p.obj.spec.containers.filter(isObj) : [];
        let request = 0;
        for (const c of containers) {
          const r = milliCpu(isObj(c.resources) && isObj(c.resources.requests) ? c.resources.requests.cpu : undefined);
          if (r === undefined) return `failed to get cpu utilization: missing request for cpu in container ${String(c.name)} of Pod ${p.name}`;
          request += r;
        }
        out.push({ request, usage: request * IDLE_SHARE });
      }
      return out;
    }
    const vmt = target.kind === 'VirtualMachinePool' && isObj(spec.virtualMachineTemplate) && isObj(spec.virtualMachineTemplate.spec) ? spec.virtualMachineTemplate.spec : spec;
    const tpl = isObj(vmt.template) ? vmt.template : {};
    const cpu = vmiCpu(isObj(tpl.spec) ? tpl.spec : {});
    for (const vm of this.store.vms.values()) {
      const vmi = vm.vmi;
      if (vm.model.namespace !== ns || !vmi || vmi.phase !== 'Running' || vmi.stopping || !vmi.container) continue;
      if (!selects(spec.selector, target.kind === 'VirtualMachinePool' ? labelsOf(this.api.get('VirtualMachine', ns, vm.model.name)?.obj) : vm.model.labels)) continue;
      if (now - vmi.container.startedAt < METRICS_DELAY) continue;
      out.push({ request: cpu.request, usage: vmi.cpuLoad ? (cpu.limit ?? cpu.vcpus * 1000) : cpu.request * IDLE_SHARE });
    }
    return out;
  }

  private sync(hpa: StoredObject): void {
    const key = `${hpa.namespace}/${hpa.name}`;
    const spec = isObj(hpa.obj.spec) ? hpa.obj.spec : {};
    const v1 = hpa.obj.apiVersion === 'autoscaling/v1';
    const ref = isObj(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
    const minR = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
    const maxR = typeof spec.maxReplicas === 'number' ? spec.maxReplicas : 1;
    const targetPct = v1 ? (typeof spec.targetCPUUtilizationPercentage === 'number' ? spec.targetCPUUtilizationPercentage : 80) : cpuTarget(spec);
    const target = TARGET_KINDS.has(String(ref.kind)) ? this.api.get(String(ref.kind), hpa.namespace, String(ref.name ?? '')) : undefined;
    const old = isObj(hpa.obj.status) ? hpa.obj.status : {};
    const conditions = (able: [string, string, string], active: [string, string, string], limited?: [string, string, string]) =>
      v1 ? {} : { conditions: [cond('AbleToScale', ...able), cond('ScalingActive', ...active), ...(limited ? [cond('ScalingLimited', ...limited)] : [])] };
    if (!target) {
      const msg = `the HPA controller was unable to get the target's current scale: ${TARGET_KINDS.has(String(ref.kind)) ? `${String(ref.kind).toLowerCase()}s "${String(ref.name)}" not found` : `no scale subresource simulated for ${String(ref.kind)}`}`;
      this.api.events.record({ type: 'Warning', reason: 'FailedGetScale', involved: { kind: 'HorizontalPodAutoscaler', namespace: hpa.namespace, name: hpa.name }, message: msg, source: 'horizontal-pod-autoscaler' });
      this.api.setStatus('HorizontalPodAutoscaler', hpa.namespace, hpa.name, { currentReplicas: Number(old.currentReplicas ?? 0), desiredReplicas: 0, ...conditions(['False', 'FailedGetScale', msg], ['False', 'FailedGetScale', msg]) });
      return;
    }
    const tspec = isObj(target.obj.spec) ? target.obj.spec : {};
    const current = typeof tspec.replicas === 'number' ? tspec.replicas : 1;
    if (current === 0) {
      this.api.setStatus('HorizontalPodAutoscaler', hpa.namespace, hpa.name, { currentReplicas: 0, desiredReplicas: 0, ...conditions(['True', 'SucceededGetScale', 'the HPA controller was able to get the target\'s current scale'], ['False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero']) });
      return;
    }
    const samples = this.samples(target);
    let utilisation: number | undefined;
    let recommendation = current;
    if (typeof samples === 'string' || !samples.length || targetPct === undefined) {
      const msg = typeof samples === 'string' ? samples : 'failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)';
      this.api.events.record({ type: 'Warning', reason: 'FailedGetResourceMetric', involved: { kind: 'HorizontalPodAutoscaler', namespace: hpa.namespace, name: hpa.name }, message: msg, source: 'horizontal-pod-autoscaler' });
    } else {
      const req = samples.reduce((n, s) => n + s.request, 0);
      const use = samples.reduce((n, s) => n + s.usage, 0);
      utilisation = Math.floor((use * 100) / req);
      const ratio = utilisation / targetPct;
      if (Math.abs(1 - ratio) > HPA_TOLERANCE) recommendation = Math.ceil(ratio * samples.length);
    }
    // the stabilization windows: a scale-down goes only to the highest recommendation of the window
    // a new HPA's history starts with the current size, so it does not scale down at once
    const hist = (this.history.get(key) ?? [{ t: this.clock.now, replicas: current }]).filter((h) => this.clock.now - h.t < Math.max(downWindow(spec), upWindow(spec)));
    hist.push({ t: this.clock.now, replicas: recommendation });
    this.history.set(key, hist);
    let desired = recommendation;
    const inDown = hist.filter((h) => this.clock.now - h.t <= downWindow(spec));
    const inUp = hist.filter((h) => this.clock.now - h.t <= upWindow(spec));
    if (desired < current) desired = Math.min(current, Math.max(...inDown.map((h) => h.replicas)));
    else if (desired > current) desired = Math.max(current, Math.min(...inUp.map((h) => h.replicas)));
    desired = Math.min(desired, Math.max(2 * current, current + 4));
    const limited = desired > maxR ? 'TooManyReplicas' : desired < minR ? 'TooFewReplicas' : undefined;
    desired = Math.max(minR, Math.min(maxR, desired));
    if (desired !== current) {
      this.api.put({ ...target.obj, spec: { ...tspec, replicas: desired } });
      const reason = desired > current ? 'cpu resource utilization (percentage of request) above target' : 'All metrics below target';
      this.api.events.record({ type: 'Normal', reason: 'SuccessfulRescale', involved: { kind: 'HorizontalPodAutoscaler', namespace: hpa.namespace, name: hpa.name }, message: `New size: ${desired}; reason: ${reason}`, source: 'horizontal-pod-autoscaler' });
    }
    const status = v1
      ? { currentReplicas: current, desiredReplicas: desired, ...(utilisation !== undefined ? { currentCPUUtilizationPercentage: utilisation } : {}) }
      : {
          currentReplicas: current,
          desiredReplicas: desired,
          ...(utilisation !== undefined ? { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: utilisation, averageValue: `${Math.round((typeof samples === 'string' ? 0 : samples.reduce((n, s) => n + s.usage, 0) / samples.length))}m` } } }] } : {}),
          ...conditions(
            ['True', desired === current ? 'ReadyForNewScale' : 'SucceededRescale', desired === current ? 'recommended size matches current size' : `the HPA controller was able to update the target scale to ${desired}`],
            utilisation !== undefined ? ['True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)'] : ['False', 'FailedGetResourceMetric', 'the HPA was unable to compute the replica count: failed to get cpu utilization'],
            limited ? ['True', limited, `the desired replica count is ${limited === 'TooManyReplicas' ? 'more than the maximum' : 'less than the minimum'} replica count`] : ['False', 'DesiredWithinRange', 'the desired count is within the acceptable range'],
          ),
        };
    this.api.setStatus('HorizontalPodAutoscaler', hpa.namespace, hpa.name, status);
  }
}

function cond(type: string, status: string, reason: string, message: string): Obj {
  return { type, status, reason, message };
}

/** autoscaling/v2: the cpu Resource metric's averageUtilization target. */
function cpuTarget(spec: Obj): number | undefined {
  for (const m of Array.isArray(spec.metrics) ? spec.metrics.filter(isObj) : []) {
    const r = isObj(m.resource) ? m.resource : {};
    const t = isObj(r.target) ? r.target : {};
    if (m.type === 'Resource' && r.name === 'cpu' && typeof t.averageUtilization === 'number') return t.averageUtilization;
  }
  return undefined;
}

const behavior = (spec: Obj, dir: 'scaleUp' | 'scaleDown'): Obj => (isObj(spec.behavior) && isObj(spec.behavior[dir]) ? (spec.behavior[dir] as Obj) : {});
const downWindow = (spec: Obj) => (typeof behavior(spec, 'scaleDown').stabilizationWindowSeconds === 'number' ? (behavior(spec, 'scaleDown').stabilizationWindowSeconds as number) : DOWNSCALE_STABILIZATION);
const upWindow = (spec: Obj) => (typeof behavior(spec, 'scaleUp').stabilizationWindowSeconds === 'number' ? (behavior(spec, 'scaleUp').stabilizationWindowSeconds as number) : 0);
