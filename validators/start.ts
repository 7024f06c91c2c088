// Start stage: what the cluster accepts on `kubectl apply` but rejects when the VM starts —
// the VMI-only checks of virtinstances-create-validator (memory, watchdog per architecture) and
// Kubernetes pod validation of the virt-launcher pod (probe rules, tolerations). Messages use
// the paths those objects have (spec.… on the VMI, spec.containers[0].… on the pod); the
// finding's position is the field in the trainee's file.
import { portNameErrors } from './k8s.ts';
import { type PathSeg } from './spans.ts';
import { arr, isObj, type Obj, type RawFinding } from './raw.ts';

const present = (v: unknown) => v !== undefined && v !== null;
const json = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** KubeVirt's SetDefaults_Probe: a value below 1 becomes this. */
export const PROBE_DEFAULTS = [['periodSeconds', 10], ['timeoutSeconds', 1], ['successThreshold', 1], ['failureThreshold', 3]] as const;

const probeAdd = (out: RawFinding[], base: PathSeg[], name: string, rel: PathSeg[], message: string, hint: string, anchor: 'key' | 'value' = 'value') =>
  out.push({ stage: 'start', severity: 'error', path: [...base, name, ...rel], anchor, message: `Error creating pod: ${message}`, hint });

function probeRules(base: PathSeg[], spec: Obj, out: RawFinding[]): void {
  const dev = isObj(spec.domain) && isObj(spec.domain.devices) ? spec.domain.devices : {};
  const portNames = new Set<string>();
  for (const f of arr((dev as Obj).interfaces)) for (const p of arr(isObj(f) ? f.ports : [])) if (isObj(p) && typeof p.name === 'string') portNames.add(p.name);
  for (const name of ['readinessProbe', 'livenessProbe']) {
    const p = spec[name];
    if (!isObj(p)) continue;
    const pod = `spec.containers[0].${name}`;
    if (name === 'livenessProbe' && typeof p.successThreshold === 'number' && p.successThreshold > 1)
      probeAdd(out, base, name, ['successThreshold'], `${pod}.successThreshold: Invalid value: ${p.successThreshold}: must be 1`, 'A liveness probe needs successThreshold: 1 (or leave it out); only readiness may require several successes.');
    // Kubernetes' validateProbe would refuse negative values ("must be greater than or equal
    // to 0"), but the pod never sees them: KubeVirt's SetDefaults_Probe (api/core/v1/defaults.go,
    // run on every VMI) first replaces anything below 1 with its default, so the cluster accepts
    // the VM and probes with the default. Said as a warning; the simulator does the same.
    for (const [k, d] of PROBE_DEFAULTS) {
      const v = p[k];
      if (typeof v !== 'number' || v >= 1) continue;
      out.push({
        stage: 'start', severity: 'warning', path: [...base, name, k], anchor: 'value',
        message: `${[...base, name, k].join('.')}: ${v} is below 1: KubeVirt replaces it with ${d} (its default) when the VM starts, so the probe uses ${k}: ${d}`,
        hint: `Write the value you mean (1 or more), or leave ${k} out for ${d}.`,
      });
    }
    // KubeVirt adds a 10 s startup delay before the pod sees initialDelaySeconds.
    if (typeof p.initialDelaySeconds === 'number' && p.initialDelaySeconds + 10 < 0)
      probeAdd(out, base, name, ['initialDelaySeconds'], `${pod}.initialDelaySeconds: Invalid value: ${p.initialDelaySeconds + 10}: must be greater than or equal to 0`, 'Use a delay of 0 or more seconds.');
    for (const h of ['httpGet', 'tcpSocket']) {
      const a = p[h];
      if (!isObj(a) || !present(a.port)) continue;
      const port = a.port;
      const at = `${pod}.${h}.port`;
      if (typeof port === 'number') {
        if (!Number.isInteger(port) || port < 1 || port > 65535) probeAdd(out, base, name, [h, 'port'], `${at}: Invalid value: ${port}: must be between 1 and 65535, inclusive`, 'Use a port between 1 and 65535.');
      } else if (typeof port === 'string') {
        const errs = portNameErrors(port);
        if (errs.length) {
          const hint = /^\d+$/.test(port) ? `Write the number without quotes: port: ${port}. A quoted number is a port name, and names need a letter.` : 'A port name is lower case letters, digits and "-", at most 15 characters, and must name one of the interface ports.';
          for (const e of errs) probeAdd(out, base, name, [h, 'port'], `${at}: Invalid value: ${json(port)}: ${e}`, hint);
        } else if (!portNames.has(port))
          probeAdd(out, base, name, [h, 'port'], `${at}: named port ${json(port)} is not defined by any port of ${base.join('.')}.domain.devices.interfaces: the probe cannot resolve it and always fails`, `Use the port number, or add {name: ${port}, port: N} under the interface's ports.`);
      }
    }
    if (isObj(p.exec)) {
      const cmd = arr(p.exec.command);
      if (cmd.length === 0) probeAdd(out, base, name, ['exec', 'command'], `${pod}.exec.command: Required value`, 'Give the command as a list, e.g. command: ["cat", "/tmp/healthy"].', present(p.exec.command) ? 'value' : 'key');
    }
  }
}

function memoryRule(base: PathSeg[], spec: Obj, out: RawFinding[], hasInstancetype: boolean): void {
  if (hasInstancetype) return;
  const dom = isObj(spec.domain) ? spec.domain : {};
  const mem = isObj(dom.memory) ? dom.memory : {};
  const res = isObj(dom.resources) ? dom.resources : {};
  const req = isObj(res.requests) ? res.requests : {};
  const lim = isObj(res.limits) ? res.limits : {};
  const huge = isObj(mem.hugepages) ? mem.hugepages : {};
  if (present(mem.guest) || present(huge.pageSize) || present(req.memory) || present(lim.memory)) return;
  // a misspelt memory request (memroy:) is the likely reason; its own finding is on its line
  const typo = Object.keys(req).find((k) => distance(k.toLowerCase(), 'memory') !== Infinity);
  out.push({
    stage: 'start', severity: 'error', path: [...base, 'domain'], anchor: 'key',
    message: "Error creating virtual machine instance: no memory requested, at least one of 'spec.domain.memory.guest', 'spec.domain.memory.hugepages.pageSize' or 'spec.domain.resources.requests.memory' must be set",
    hint: typo ? `Is resources.requests.${typo} meant to be memory? Write memory: 1024M there.` : 'Add domain.memory.guest: 1024M (or domain.resources.requests.memory).',
  });
}

// k8s pkg/apis/core/validation: the virt-launcher pod's compute container gets the VMI's
// resources.requests/limits as they are (KubeVirt's ResourceRenderer copies them), and pod
// validation checks every name: validateResourceName (qualified name; without a domain prefix
// a standard resource) then validateContainerResourceName (a standard resource for containers).
const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory',
  'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'requests.storage', 'storage', 'services.loadbalancers', 'services.nodeports',
]);
const CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Edit distance (a swap of neighbours counts once: memroy) when at most 2, else Infinity. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return Infinity;
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  const n = d[a.length]![b.length]!;
  return n <= 2 ? n : Infinity;
}

function resourceNameRules(base: PathSeg[], spec: Obj, out: RawFinding[]): void {
  const res = isObj(spec.domain) && isObj(spec.domain.resources) ? spec.domain.resources : {};
  for (const sect of ['requests', 'limits']) {
    const list = (res as Obj)[sect];
    if (!isObj(list)) continue;
    for (const name of Object.keys(list)) {
      if (name.includes('/')) continue; // fully qualified (devices.kubevirt.io/kvm): not checked here
      const field = `spec.containers[0].resources.${sect}[${name}]`;
      const errs: string[] = [];
      if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
        errs.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
      } else if (!STANDARD_RESOURCES.has(name) && !name.startsWith('hugepages-')) errs.push('must be a standard resource type or fully qualified');
      if (!CONTAINER_RESOURCES.includes(name) && !name.startsWith('hugepages-')) errs.push('must be a standard resource for containers');
      if (!errs.length) continue;
      const best = CONTAINER_RESOURCES.map((c) => [c, distance(name.toLowerCase(), c)] as const).sort((a, b) => a[1] - b[1])[0]!;
      const meant = best[1] !== Infinity ? best[0] : undefined;
      const all = errs.map((e) => `${field}: Invalid value: ${json(name)}: ${e}`);
      out.push({
        stage: 'start', severity: 'error', path: [...base, 'domain', 'resources', sect, name], anchor: 'key',
        message: `Error creating pod: ${all.length > 1 ? `[${all.join(', ')}]` : all[0]}`,
        hint: `${meant ? `Did you mean \`${meant}\`? ` : ''}Name cpu, memory or ephemeral-storage under resources.${sect} (or a fully qualified name such as devices.kubevirt.io/kvm): the virt-launcher pod gets them as they are.`,
      });
    }
  }
}

function watchdogRule(base: PathSeg[], spec: Obj, out: RawFinding[]): void {
  const dev = isObj(spec.domain) && isObj(spec.domain.devices) ? spec.domain.devices : {};
  const wd = (dev as Obj).watchdog;
  if (!isObj(wd)) return;
  const arch = typeof spec.architecture === 'string' && spec.architecture ? spec.architecture : 'amd64';
  const path = [...base, 'domain', 'devices', 'watchdog'];
  const add = (message: string, hint: string) => out.push({ stage: 'start', severity: 'error', path, anchor: 'key', message: `Error creating virtual machine instance: ${message}`, hint });
  if (arch === 'arm64') add('Arm64 not support Watchdog device', 'Remove the watchdog: Arm64 has no watchdog device; use a liveness probe.');
  else if (arch === 's390x') { if (present(wd.i6300esb)) add('s390x only supports Diag288 watchdog device', 'Use diag288: {action: …} on s390x.'); }
  else if (present(wd.diag288)) add('amd64 only supports I6300ESB watchdog device', 'Use i6300esb: {action: poweroff|reset|shutdown} on amd64.');
}

function tolerationRules(base: PathSeg[], spec: Obj, out: RawFinding[]): void {
  arr(spec.tolerations).forEach((t, i) => {
    if (!isObj(t)) return;
    const f = `spec.tolerations[${i}]`;
    const add = (rel: string, v: unknown, msg: string, hint: string) =>
      out.push({ stage: 'start', severity: 'error', path: [...base, 'tolerations', i, rel], anchor: 'value', message: `Error creating pod: ${f}.${rel}: Invalid value: ${json(v)}: ${msg}`, hint });
    const op = t.operator ?? 'Equal';
    if (!t.key && op !== 'Exists') add('operator', op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"', 'Set operator: Exists, or give a key.');
    if (present(t.tolerationSeconds) && t.effect !== 'NoExecute') add('effect', t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set", 'Use effect: NoExecute with tolerationSeconds, or drop tolerationSeconds.');
    if (op === 'Exists' && typeof t.value === 'string' && t.value !== '') add('value', t.value, "value must be empty when `operator` is 'Exists'", 'Remove value:, or use operator: Equal.');
  });
}

export function startStage(obj: Obj, kind: string): RawFinding[] {
  const out: RawFinding[] = [];
  const spec = isObj(obj.spec) ? obj.spec : {};
  let base: PathSeg[];
  let vmi: Obj;
  if (kind === 'VirtualMachine') {
    const tmpl = isObj(spec.template) ? spec.template : {};
    vmi = isObj(tmpl.spec) ? tmpl.spec : {};
    base = ['spec', 'template', 'spec'];
  } else if (kind === 'VirtualMachineInstance') {
    vmi = spec;
    base = ['spec'];
  } else return out;
  memoryRule(base, vmi, out, present(spec.instancetype));
  watchdogRule(base, vmi, out);
  resourceNameRules(base, vmi, out);
  probeRules(base, vmi, out);
  tolerationRules(base, vmi, out);
  return out;
}
