// Instance types and preferences (KubeVirt v1.9.0, pkg/instancetype/): the matcher checks of the
// VM mutating webhook, the conflicts the VM admitter finds when it applies the instance type
// (each a refusal on its own: the admitter returns them before any other rule), the preference's
// requirements, and — since the admitter only logs a failed lookup — a warning when the
// referenced object is not in the stream. Rules IT1–IT4 in docs/validators.md.
import type { ClusterConfig } from '../cluster-config.ts';
import { parseK8sQuantity, quantityString, quantityValue, type Quantity } from '../k8s.ts';
import { commonInstancetype, commonPreference } from './common-instancetypes.ts';
import type { PathSeg } from '../spans.ts';
import { arr, isObj, type Obj, type RawFinding } from '../raw.ts';

const T: PathSeg[] = ['spec', 'template', 'spec'];
const conflictMsg = (path: string) => `VM field(s) ${path} conflicts with selected instance type`;
const CONFLICT_HINT = 'The instance type sets this already: remove it from the VM (or pick another instance type).';

type Ref = { kind: string; name: string };

/** The kind a matcher names (it/find/spec.go:64-80, it/preference/find/spec.go:64-75). */
function refOf(m: Obj, what: 'instancetype' | 'preference'): Ref | undefined {
  if (typeof m.name !== 'string' || m.name === '') return undefined;
  const k = typeof m.kind === 'string' ? m.kind.toLowerCase() : '';
  const [ns, cl] = what === 'instancetype'
    ? ['VirtualMachineInstancetype', 'VirtualMachineClusterInstancetype']
    : ['VirtualMachinePreference', 'VirtualMachineClusterPreference'];
  if (k === ns.toLowerCase() || k === `${ns.toLowerCase()}s`) return { kind: ns, name: m.name };
  if (k === '' || k === cl.toLowerCase() || k === `${cl.toLowerCase()}s`) return { kind: cl, name: m.name };
  return { kind: String(m.kind), name: m.name };
}

function findIn(docs: readonly unknown[], ref: Ref): Obj | undefined {
  return docs.find((d) => isObj(d) && d.kind === ref.kind && isObj(d.metadata) && d.metadata.name === ref.name) as Obj | undefined;
}

/** IT2: it/webhooks/vm/mutator.go validateInstancetypeMatcher / validatePreferenceMatcher. */
function matcherFindings(spec: Obj): RawFinding[] {
  const out: RawFinding[] = [];
  for (const [key, label] of [['instancetype', 'InstancetypeMatcher'], ['preference', 'PreferenceMatcher']] as const) {
    const m = spec[key];
    if (!isObj(m)) continue;
    const set = (v: unknown) => typeof v === 'string' && v !== '';
    const push = (path: PathSeg[], message: string, hint: string) => out.push({ stage: 'admission', severity: 'error', path: ['spec', key, ...path], anchor: 'key', message, hint });
    if (!set(m.name) && !set(m.inferFromVolume)) push([], `Either Name or InferFromVolume should be provided within the ${label}`, `Add name: <${key} name> (or inferFromVolume: <volume name>).`);
    if (set(m.inferFromVolume)) {
      if (set(m.name)) push(['name'], 'Name already set, should be cleared before setting inferFromVolume', 'Keep name or inferFromVolume, not both.');
      if (set(m.kind)) push(['kind'], 'Kind already set, should be cleared before setting inferFromVolume', 'Remove kind: the inferred one comes from the volume.');
    }
  }
  return out;
}

const has = (o: unknown, k: string) => isObj(o) && o[k] !== undefined && o[k] !== null;
const truthy = (o: unknown, k: string) => isObj(o) && !!o[k];

/** IT1: the fields the instance type would overwrite (it/apply/*.go), in ApplyToVMI's order. */
function conflicts(it: Obj, vm: Obj): { at: PathSeg[]; field: string }[] {
  const tmpl = isObj(vm.spec) && isObj(vm.spec.template) ? vm.spec.template : {};
  const s = isObj(tmpl.spec) ? tmpl.spec : {};
  const dom = isObj(s.domain) ? s.domain : {};
  const res = isObj(dom.resources) ? dom.resources : {};
  const cpu = isObj(dom.cpu) ? dom.cpu : {};
  const mem = isObj(dom.memory) ? dom.memory : {};
  const dev = isObj(dom.devices) ? dom.devices : {};
  const itCPU = isObj(it.cpu) ? it.cpu : {};
  const itMem = isObj(it.memory) ? it.memory : {};
  const out: PathSeg[][] = [];
  if (it.nodeSelector !== undefined && it.nodeSelector !== null && has(s, 'nodeSelector')) out.push(['nodeSelector']);
  if (typeof it.schedulerName === 'string' && it.schedulerName !== '' && typeof s.schedulerName === 'string' && s.schedulerName !== '') out.push(['schedulerName']);
  // cpu.go: validateCPU, every conflict at once
  if (has(res.requests, 'cpu')) out.push(['domain', 'resources', 'requests', 'cpu']);
  if (has(res.limits, 'cpu')) out.push(['domain', 'resources', 'limits', 'cpu']);
  for (const k of ['sockets', 'cores', 'threads']) if (truthy(cpu, k)) out.push(['domain', 'cpu', k]);
  if (typeof cpu.model === 'string' && cpu.model !== '' && has(itCPU, 'model')) out.push(['domain', 'cpu', 'model']);
  // the VM's field is dedicatedCpuPlacement (v1.CPU), the instance type's dedicatedCPUPlacement
  if (cpu.dedicatedCpuPlacement === true && has(itCPU, 'dedicatedCPUPlacement')) out.push(['domain', 'cpu', 'dedicatedCpuPlacement']);
  if (cpu.isolateEmulatorThread === true && has(itCPU, 'isolateEmulatorThread')) out.push(['domain', 'cpu', 'isolateEmulatorThread']);
  for (const k of ['numa', 'realtime']) if (has(cpu, k) && has(itCPU, k)) out.push(['domain', 'cpu', k]);
  // memory.go: validateMemory, the first conflict only
  const memConflict: PathSeg[] | undefined =
    has(mem, 'guest') ? ['domain', 'memory', 'guest']
    : has(mem, 'hugepages') && has(itMem, 'hugepages') ? ['domain', 'memory', 'hugepages']
    : has(mem, 'maxGuest') && has(itMem, 'maxGuest') ? ['domain', 'memory', 'maxGuest']
    : has(res.requests, 'memory') ? ['domain', 'resources', 'requests', 'memory']
    : has(res.limits, 'memory') ? ['domain', 'resources', 'limits', 'memory']
    : undefined;
  if (memConflict) out.push(memConflict);
  if (isObj(it.ioThreads) && has(it.ioThreads, 'supplementalPoolThreadCount') && has(dom.ioThreads, 'supplementalPoolThreadCount')) out.push(['domain', 'ioThreads', 'supplementalPoolThreadCount']);
  if (has(it, 'ioThreadsPolicy') && has(dom, 'ioThreadsPolicy')) out.push(['domain', 'ioThreadsPolicy']);
  if (has(it, 'launchSecurity') && has(dom, 'launchSecurity')) out.push(['domain', 'launchSecurity']);
  if (arr(it.gpus).length && arr(dev.gpus).length) out.push(['domain', 'devices', 'gpus']);
  if (arr(it.hostDevices).length && arr(dev.hostDevices).length) out.push(['domain', 'devices', 'hostDevices']);
  // KubeVirt's conflict names the instance type's spelling (cpu.go: NewChild("dedicatedCPUPlacement"))
  const res2 = out.map((rel) => ({ at: [...T, ...rel], field: ['spec', 'template', 'spec', ...rel].join('.').replace('dedicatedCpuPlacement', 'dedicatedCPUPlacement') }));
  // annotations.go: an annotation of the instance type the template sets to another value
  const itAnn = isObj(it.annotations) ? it.annotations : {};
  const tAnn = isObj(tmpl.metadata) && isObj(tmpl.metadata.annotations) ? tmpl.metadata.annotations : {};
  for (const [k, v] of Object.entries(itAnn)) if (k in tAnn && tAnn[k] !== v) res2.push({ at: ['spec', 'template', 'metadata', 'annotations', k], field: `annotations.${k}` });
  return res2;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** memory.guest after the admitter's defaults (pkg/defaults/defaults.go: setGuestMemory). */
function guestAfterDefaults(dom: Obj): Quantity | undefined {
  const mem = isObj(dom.memory) ? dom.memory : {};
  const res = isObj(dom.resources) ? dom.resources : {};
  const nz = (q: Quantity | undefined) => (q && q.nanos !== 0n ? q : undefined);
  return parseK8sQuantity(mem.guest)
    ?? nz(isObj(res.requests) ? parseK8sQuantity(res.requests.memory) : undefined)
    ?? nz(isObj(res.limits) ? parseK8sQuantity(res.limits.memory) : undefined)
    ?? (isObj(mem.hugepages) ? parseK8sQuantity(mem.hugepages.pageSize) : undefined);
}

/** IT4: it/preference/requirements/{checker,cpu,memory,arch}.go, on the VM after the instance
 *  type, the preference's preferred architecture (mutator.go: mutateArch) and the defaults. */
function requirementFindings(it: Obj | undefined, pref: Obj, vm: Obj): RawFinding[] {
  const req = isObj(pref.requirements) ? pref.requirements : undefined;
  if (!req) return [];
  const tmpl = isObj(vm.spec) && isObj(vm.spec.template) ? vm.spec.template : {};
  const s = isObj(tmpl.spec) ? tmpl.spec : {};
  const dom = isObj(s.domain) ? s.domain : {};
  const fail = (path: PathSeg[], message: string, hint: string): RawFinding[] => [{ stage: 'admission', severity: 'error', path, anchor: 'key', message: `failure checking preference requirements: ${message}`, hint }];
  const needCPU = isObj(req.cpu) ? num(req.cpu.guest) : 0;
  if (needCPU) {
    if (it) {
      const have = isObj(it.cpu) ? num(it.cpu.guest) : 0;
      if (have < needCPU) return fail(['spec', 'instancetype'], `insufficient CPU resources of ${have} vCPU provided by instance type, preference requires ${needCPU} vCPU`, 'Pick an instance type with at least as many vCPUs as the preference requires.');
    } else {
      // pkg/defaults/defaults.go SetDefaultGuestCPUTopology: no topology → sockets from the CPU limit/request, cores = threads = 1
      const cpu = isObj(dom.cpu) ? dom.cpu : {};
      const res = isObj(dom.resources) ? dom.resources : {};
      let [sockets, cores, threads] = [num(cpu.sockets), num(cpu.cores), num(cpu.threads)];
      if (!sockets && !cores && !threads) {
        const q = parseK8sQuantity(isObj(res.limits) && res.limits.cpu !== undefined ? res.limits.cpu : isObj(res.requests) ? res.requests.cpu : undefined);
        [sockets, cores, threads] = [q ? Math.ceil(quantityValue(q)) : 1, 1, 1];
      }
      const topo = isObj(pref.cpu) && typeof pref.cpu.preferredCPUTopology === 'string' ? pref.cpu.preferredCPUTopology : 'sockets';
      const byTopo: Record<string, [string, number]> = { threads: ['threads', threads], preferThreads: ['threads', threads], cores: ['cores', cores], preferCores: ['cores', cores], sockets: ['sockets', sockets], preferSockets: ['sockets', sockets], any: ['cores, sockets and threads', cores * sockets * threads], preferAny: ['cores, sockets and threads', cores * sockets * threads] };
      const t = byTopo[topo]; // spread (checkSpread) is not modelled
      if (t && t[1] < needCPU) {
        const at: PathSeg[] = [...T, 'domain', 'cpu', ...(t[0].includes(',') || !isObj(dom.cpu) ? [] : [t[0]])];
        return fail(isObj(dom.cpu) ? at : [...T, 'domain'], `insufficient CPU resources of ${t[1]} vCPU provided by VirtualMachine, preference requires ${needCPU} vCPU provided as ${t[0]}`, `Give the VM at least ${needCPU} vCPUs as ${t[0]} (domain.cpu), or use an instance type.`);
      }
    }
  }
  const needMem = isObj(req.memory) ? parseK8sQuantity(req.memory.guest) : undefined;
  if (needMem) {
    // with an instance type, memory.guest is the instance type's (applyMemory; the VM may not set it)
    const fromIT = !!it;
    const have = (it ? (isObj(it.memory) ? parseK8sQuantity(it.memory.guest) : undefined) : guestAfterDefaults(dom)) ?? parseK8sQuantity('0')!;
    if (quantityValue(have) < quantityValue(needMem))
      return fail(fromIT ? ['spec', 'instancetype'] : [...T, 'domain'], `insufficient Memory resources of ${quantityString(have)} provided by ${fromIT ? 'instance type' : 'VirtualMachine'}, preference requires ${quantityString(needMem)}`, fromIT ? 'Pick an instance type with at least as much memory as the preference requires.' : `Give the VM at least ${quantityString(needMem)} of memory (domain.memory.guest or resources.requests.memory).`);
  }
  if (typeof req.architecture === 'string') {
    const arch = typeof s.architecture === 'string' && s.architecture !== '' ? s.architecture : typeof pref.preferredArchitecture === 'string' ? pref.preferredArchitecture : 'amd64';
    if (arch !== req.architecture) return fail([...T, ...(typeof s.architecture === 'string' ? ['architecture'] : [])], `preference requires architecture ${req.architecture} but ${arch} is being requested`, `Set architecture: ${req.architecture}, or pick a preference for ${arch}.`);
  }
  return [];
}

export interface InstancetypeVerdict {
  /** Findings that end admission here (the webhook's answer is these alone). */
  refusal?: RawFinding[];
  /** Warnings to add beside the other rules' findings. */
  warnings: RawFinding[];
}

export function instancetypeAdmission(vm: Obj, docs: readonly unknown[], config?: Readonly<ClusterConfig>): InstancetypeVerdict {
  const spec = isObj(vm.spec) ? vm.spec : {};
  const matcher = matcherFindings(spec);
  if (matcher.length) return { refusal: matcher, warnings: [] };
  const warnings: RawFinding[] = [];
  const found: Partial<Record<'instancetype' | 'preference', Obj>> = {};
  const common = config?.commonInstancetypesDeployment !== false;
  for (const what of ['instancetype', 'preference'] as const) {
    const m = spec[what];
    const ref = isObj(m) ? refOf(m, what) : undefined;
    if (!ref) continue;
    const obj = findIn(docs, ref);
    if (obj) { found[what] = isObj(obj.spec) ? obj.spec : {}; continue; }
    const builtIn = !common ? undefined
      : ref.kind === 'VirtualMachineClusterInstancetype' ? commonInstancetype(ref.name)
      : ref.kind === 'VirtualMachineClusterPreference' ? commonPreference(ref.name) : undefined;
    if (builtIn) { found[what] = builtIn; continue; }
    warnings.push({
      stage: 'admission', severity: 'warning', path: ['spec', what, 'name'], anchor: 'value',
      message: `${ref.kind} "${ref.name}" is not in this stream nor beside it: KubeVirt admits the VM without it, and the VM cannot start unless it exists on the cluster ("error encountered while storing instancetype.kubevirt.io controllerRevisions: … not found")`,
      hint: `Apply the ${ref.kind} first (or with the VM), or check its name with kubectl get ${ref.kind.toLowerCase()}.`,
    });
  }
  if (found.instancetype) {
    const c = conflicts(found.instancetype, vm);
    if (c.length) return { refusal: c.map(({ at, field }) => ({ stage: 'admission', severity: 'error', path: at, anchor: 'key', message: conflictMsg(field), hint: CONFLICT_HINT })), warnings: [] };
  }
  if (found.preference) {
    const r = requirementFindings(found.instancetype, found.preference, vm);
    if (r.length) return { refusal: r, warnings: [] };
  }
  return { warnings };
}
