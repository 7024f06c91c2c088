// What the simulator needs from a VirtualMachine object, and the probe as KubeVirt hands it to
// the kubelet (template.go copyProbe + LibvirtStartupDelay; guestAgentPing/exec wrapped in
// virt-probe with timeoutSeconds + 1).
import type { Handler, ProbeKind, RunStrategy } from './types.ts';
import { isObj, type Obj } from '../validators/raw.ts';

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** KubeVirt adds this to every VMI probe's initialDelaySeconds (virt-controller template.go). */
export const LIBVIRT_STARTUP_DELAY = 10;

export interface ProbeSpec {
  kind: ProbeKind;
  handler: Handler;
  port?: number;
  /** A named port or anything else the simulator cannot resolve. */
  portText?: string;
  path: string;
  /** exec: the command as written (argv). */
  command?: string[];
  /** As written on the VMI. */
  vmi: { initialDelaySeconds: number; timeoutSeconds: number };
  /** As the kubelet sees it on the virt-launcher pod's compute container. */
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

export interface VmModel {
  name: string;
  namespace: string;
  runStrategy: RunStrategy;
  /** `running:` was used (virtctl start/stop flip it) rather than runStrategy. */
  usesRunning: boolean;
  labels: Record<string, string>;
  probes: ProbeSpec[];
  watchdog?: { name: string; action: string };
  podNetwork: boolean;
  binding: 'masquerade' | 'bridge' | 'other' | 'none';
  /** masquerade forwards only these when listed (undefined: all ports). */
  forwardedPorts?: number[];
  /** spec.dataVolumeTemplates as written (the VM controller creates each DataVolume). */
  dataVolumeTemplates: Obj[];
  /** Volumes backed by a claim: a dataVolume or persistentVolumeClaim volume (the claim's name). */
  claims: { volume: string; claim: string }[];
  /** Volumes of other kinds (containerDisk, cloudInit…), by name. */
  otherVolumes: string[];
  /** metadata.annotations of the VMI template (the bridge migration annotation lives there). */
  annotations: Record<string, string>;
  /** spec.template.spec.terminationGracePeriodSeconds, when set. */
  gracePeriod?: number;
  /** Where cloud-init user data comes from. */
  userData?: { secretName: string } | { inline: string };
}

const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);

function probeSpec(kind: ProbeKind, p: Obj): ProbeSpec {
  const handler: Handler = isObj(p.httpGet) ? 'httpGet' : isObj(p.tcpSocket) ? 'tcpSocket' : isObj(p.exec) ? 'exec' : isObj(p.guestAgentPing) ? 'guestAgentPing' : 'none';
  const h = handler === 'httpGet' ? (p.httpGet as Obj) : handler === 'tcpSocket' ? (p.tcpSocket as Obj) : {};
  // KubeVirt's SetDefaults_Probe: below 1 means the default (a period of -1 probes every 10 s,
  // not every second); the start stage warns about it. A negative delay shortens the 10 s
  // startup delay (below -10 the pod is refused: a start error).
  const atLeast1 = (v: unknown, d: number) => (num(v, d) < 1 ? d : num(v, d));
  const delay = num(p.initialDelaySeconds, 0);
  const timeout = atLeast1(p.timeoutSeconds, 1);
  const spec: ProbeSpec = {
    kind,
    handler,
    path: typeof h.path === 'string' ? h.path : '/',
    vmi: { initialDelaySeconds: delay, timeoutSeconds: timeout },
    initialDelaySeconds: Math.max(0, delay + LIBVIRT_STARTUP_DELAY),
    periodSeconds: atLeast1(p.periodSeconds, 10),
    // virt-probe gets the VMI's timeout; the pod probe waits one second longer for it
    timeoutSeconds: handler === 'guestAgentPing' || handler === 'exec' ? timeout + 1 : timeout,
    successThreshold: atLeast1(p.successThreshold, 1),
    failureThreshold: atLeast1(p.failureThreshold, 3),
  };
  if (handler === 'exec') spec.command = arr((p.exec as Obj).command).map(String);
  if (typeof h.port === 'number') spec.port = h.port;
  else if (h.port !== undefined) spec.portText = String(h.port);
  return spec;
}

export function runStrategyOf(spec: Obj): { strategy: RunStrategy; usesRunning: boolean } {
  if (typeof spec.runStrategy === 'string') return { strategy: spec.runStrategy as RunStrategy, usesRunning: false };
  return { strategy: spec.running === true ? 'Always' : 'Halted', usesRunning: true };
}

export function vmModel(obj: Obj, namespace = 'default'): VmModel {
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const spec = isObj(obj.spec) ? obj.spec : {};
  const tmpl = isObj(spec.template) ? spec.template : {};
  const tmeta = isObj(tmpl.metadata) ? tmpl.metadata : {};
  const vs = isObj(tmpl.spec) ? tmpl.spec : {};
  const domain = isObj(vs.domain) ? vs.domain : {};
  const devices = isObj(domain.devices) ? domain.devices : {};
  const { strategy, usesRunning } = runStrategyOf(spec);
  const labels: Record<string, string> = {};
  if (isObj(tmeta.labels)) for (const [k, v] of Object.entries(tmeta.labels)) labels[k] = String(v);
  const probes: ProbeSpec[] = [];
  if (isObj(vs.livenessProbe)) probes.push(probeSpec('liveness', vs.livenessProbe));
  if (isObj(vs.readinessProbe)) probes.push(probeSpec('readiness', vs.readinessProbe));
  const wd = isObj(devices.watchdog) ? devices.watchdog : undefined;
  const podNet = arr(vs.networks).find((n) => isObj(n) && isObj(n.pod)) as Obj | undefined;
  const iface = podNet ? (arr(devices.interfaces).find((i) => isObj(i) && i.name === podNet.name) as Obj | undefined) : undefined;
  const binding = !iface ? 'none' : isObj(iface.masquerade) ? 'masquerade' : isObj(iface.bridge) ? 'bridge' : 'other';
  const ports = iface ? arr(iface.ports).filter(isObj).map((p) => p.port).filter((p): p is number => typeof p === 'number') : [];
  let userData: VmModel['userData'];
  for (const v of arr(vs.volumes)) {
    if (!isObj(v)) continue;
    const src = isObj(v.cloudInitNoCloud) ? v.cloudInitNoCloud : isObj(v.cloudInitConfigDrive) ? v.cloudInitConfigDrive : undefined;
    if (!src) continue;
    if (isObj(src.secretRef) && typeof src.secretRef.name === 'string') userData = { secretName: src.secretRef.name };
    else if (typeof src.userData === 'string') userData = { inline: src.userData };
    else if (typeof src.userDataBase64 === 'string') {
      try {
        userData = { inline: decodeBase64(src.userDataBase64) };
      } catch {
        userData = { inline: '' };
      }
    }
  }
  const claims: VmModel['claims'] = [];
  const otherVolumes: string[] = [];
  for (const v of arr(vs.volumes)) {
    if (!isObj(v)) continue;
    const claim = isObj(v.dataVolume) ? v.dataVolume.name : isObj(v.persistentVolumeClaim) ? v.persistentVolumeClaim.claimName : undefined;
    if (typeof claim === 'string') claims.push({ volume: String(v.name), claim });
    else otherVolumes.push(String(v.name));
  }
  const annotations: Record<string, string> = {};
  if (isObj(tmeta.annotations)) for (const [k, v] of Object.entries(tmeta.annotations)) annotations[k] = String(v);
  const m: VmModel = {
    name: typeof meta.name === 'string' ? meta.name : 'vm',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : namespace,
    runStrategy: strategy,
    usesRunning,
    labels,
    probes,
    podNetwork: !!podNet,
    binding,
    dataVolumeTemplates: arr(spec.dataVolumeTemplates).filter(isObj),
    claims,
    otherVolumes,
    annotations,
  };
  if (wd && isObj(wd.i6300esb)) m.watchdog = { name: typeof wd.name === 'string' ? wd.name : 'watchdog', action: typeof wd.i6300esb.action === 'string' ? wd.i6300esb.action : 'reset' };
  if (binding === 'masquerade' && ports.length) m.forwardedPorts = ports;
  if (userData) m.userData = userData;
  if (typeof vs.terminationGracePeriodSeconds === 'number' && vs.terminationGracePeriodSeconds >= 0) m.gracePeriod = vs.terminationGracePeriodSeconds;
  return m;
}

export function decodeBase64(b64: string): string {
  const bin = atob(b64.replace(/\s+/g, ''));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
