// Instance types and preferences (KubeVirt v1.9.0, pkg/instancetype/): the matcher checks of the
// VM mutating webhook, the conflicts the VM admitter finds when it applies the instance type
// (each a refusal on its own: the admitter returns them before any other rule), the preference's
// requirements, and — since the admitter only logs a failed lookup — a warning when the
// referenced object is not in the stream. Rules IT1–IT4 in docs/validators.md.
import { parseK8sQuantity, quantityString, quantityValue } from '../k8s.ts';
import type { PathSeg } from '../positions.ts';
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
  for (const k of ['dedicatedCPUPlacement', 'isolateEmulatorThread']) if (cpu[k] === true && has(itCPU, k)) out.push(['domain', 'cpu', k]);
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
  const res2 = out.map((rel) => ({ at: [...T, ...rel], field: ['spec', 'template', 'spec', ...rel].join('.') }));
  // annotations.go: an annotation of the instance type the template sets to another value
  const itAnn = isObj(it.annotations) ? it.annotations : {};
  const tAnn = isObj(tmpl.metadata) && isObj(tmpl.metadata.annotations) ? tmpl.metadata.annotations : {};
  for (const [k, v] of Object.entries(itAnn)) if (k in tAnn && tAnn[k] !== v) res2.push({ at: ['spec', 'template', 'metadata', 'annotations', k], field: `annotations.${k}` });
  return res2;
}

/** IT4 (it/preference/requirements/cpu.go, memory.go), for an instance type in the stream. */
function requirementFindings(it: Obj, pref: Obj): RawFinding[] {
  const req = isObj(pref.requirements) ? pref.requirements : undefined;
  if (!req) return [];
  const fail = (message: string, hint: string): RawFinding[] => [{ stage: 'admission', severity: 'error', path: ['spec', 'instancetype'], anchor: 'key', message: `failure checking preference requirements: ${message}`, hint }];
  const needCPU = isObj(req.cpu) && typeof req.cpu.guest === 'number' ? req.cpu.guest : undefined;
  const itCPU = isObj(it.cpu) && typeof it.cpu.guest === 'number' ? it.cpu.guest : undefined;
  if (needCPU !== undefined && itCPU !== undefined && itCPU < needCPU)
    return fail(`insufficient CPU resources of ${itCPU} vCPU provided by instance type, preference requires ${needCPU} vCPU`, 'Pick an instance type with at least as many vCPUs as the preference requires.');
  const needMem = isObj(req.memory) ? parseK8sQuantity(req.memory.guest) : undefined;
  const itMem = isObj(it.memory) ? parseK8sQuantity(it.memory.guest) : undefined;
  if (needMem && itMem && quantityValue(itMem) < quantityValue(needMem))
    return fail(`insufficient Memory resources of ${quantityString(itMem)} provided by instance type, preference requires ${quantityString(needMem)}`, 'Pick an instance type with at least as much memory as the preference requires.');
  return [];
}

export interface InstancetypeVerdict {
  /** Findings that end admission here (the webhook's answer is these alone). */
  refusal?: RawFinding[];
  /** Warnings to add beside the other rules' findings. */
  warnings: RawFinding[];
}

export function instancetypeAdmission(vm: Obj, docs: readonly unknown[]): InstancetypeVerdict {
  const spec = isObj(vm.spec) ? vm.spec : {};
  const matcher = matcherFindings(spec);
  if (matcher.length) return { refusal: matcher, warnings: [] };
  const warnings: RawFinding[] = [];
  const found: Partial<Record<'instancetype' | 'preference', Obj>> = {};
  for (const what of ['instancetype', 'preference'] as const) {
    const m = spec[what];
    const ref = isObj(m) ? refOf(m, what) : undefined;
    if (!ref) continue;
    const obj = findIn(docs, ref);
    if (obj) { found[what] = isObj(obj.spec) ? obj.spec : {}; continue; }
    warnings.push({
      stage: 'admission', severity: 'warning', path: ['spec', what, 'name'], anchor: 'value',
      message: `${ref.kind} "${ref.name}" is not in this stream: KubeVirt admits the VM without it, and the VM cannot start unless it exists on the cluster ("error encountered while storing instancetype.kubevirt.io controllerRevisions: … not found")`,
      hint: `Apply the ${ref.kind} first (or with the VM), or check its name with kubectl get ${ref.kind.toLowerCase()}.`,
    });
  }
  if (found.instancetype) {
    const c = conflicts(found.instancetype, vm);
    if (c.length) return { refusal: c.map(({ at, field }) => ({ stage: 'admission', severity: 'error', path: at, anchor: 'key', message: conflictMsg(field), hint: CONFLICT_HINT })), warnings: [] };
    if (found.preference) {
      const r = requirementFindings(found.instancetype, found.preference);
      if (r.length) return { refusal: r, warnings: [] };
    }
  }
  return { warnings };
}
