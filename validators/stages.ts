// The stages a parsed document goes through (schema → validation → references → admission →
// start → cloud-init) and the shape of their results, shared by the fast path (index.ts) and the
// positioned reader (slow-path.ts). No YAML reader here but js-yaml for cloud-init user data.
import jsyaml from 'js-yaml';
import { KUBECTL_JS_YAML } from './kubectl-yaml.ts';
import { admissionStage, decodeBase64, hasPodNetwork } from './admission.ts';
import { clusterConfig, type ClusterConfig } from './cluster-config.ts';
import { isCloudConfig, probePortWarnings, servedPorts, type InnerFinding } from './cloudinit.ts';
import type * as CloudInitSchema from './cloudinit-schema.ts';
import { clusterPath, type PathSeg } from './spans.ts';
import { arr, isObj, networkProbePorts, type Obj, type RawFinding } from './raw.ts';
import { componentOf, schemaStage, suggest } from './schema.ts';
import { componentLabel, DEFAULT_PROFILE, describeProfile, servedVersions, serves, type ClusterProfile } from './profile.ts';
import { KINDS_WITH_RULES } from './rule-kinds.ts';
import { startStage } from './start.ts';
import { validationStage } from './k8s-validation/index.ts';
import type * as CdiWebhook from './cdi-webhook.ts';
import { cloudConfigTopKeys, ruleFor, validatorFor } from './registry.ts';
import { crossObjectStage } from './cross-object.ts';
import { kinds } from './generated/kinds.ts';
import type { DocumentResult, Finding } from './types.ts';

export interface ValidateOptions {
  file?: string;
  /** Cloud-init user data the VM takes from a Secret (kubectl create secret --from-file=userdata=…). */
  userData?: { text: string; file?: string }[];
  /** Warnings make a document invalid too. */
  strict?: boolean;
  /** The cluster's KubeVirt configuration where it changes admission (validators/cluster-config.ts);
   *  what is left out is KubeVirt v1.9.0's default. */
  cluster?: Partial<ClusterConfig>;
  /** Which APIs the cluster serves (validators/profile.ts); default: DEFAULT_PROFILE. */
  profile?: ClusterProfile;
  /** Objects of the other files beside this one (a lab folder), for the cross-object checks. */
  related?: unknown[];
}

/** The API server refuses request bodies over 3 MiB; nothing a trainee writes comes close. */
export const MAX_BYTES = 3 * 1024 * 1024;
/** Nodes one document may expand to through aliases (a VM has a few hundred). */
export const MAX_NODES = 100_000;

/** Counts nodes as a reader of the expanded document would see them; stops at the budget. */
export function tooLarge(v: unknown): boolean {
  let n = 0;
  const stack: unknown[] = [v];
  while (stack.length) {
    const x = stack.pop();
    if (++n > MAX_NODES) return true;
    if (Array.isArray(x)) for (const y of x) stack.push(y);
    else if (x && typeof x === 'object' && !(x instanceof Date)) for (const y of Object.values(x)) stack.push(y);
  }
  return false;
}

/** Whether a VM has dataVolumeTemplates (then CDI's webhook rules judge them: their module loads with CDI's group). */
const hasDataVolumeTemplates = (obj: Obj): boolean => isObj(obj.spec) && Array.isArray(obj.spec.dataVolumeTemplates) && obj.spec.dataVolumeTemplates.length > 0;

export interface StreamCtx {
  docs: unknown[];
  opts: ValidateOptions;
}

/** The cloud-init user data a Secret holds (the keys virt-launcher reads: userdata, userData). */
export function userDataOfSecret(s: Obj): { text: string; key: PathSeg[]; base64: boolean } | undefined {
  for (const field of ['stringData', 'data'] as const) {
    const m = s[field];
    if (!isObj(m)) continue;
    for (const k of ['userdata', 'userData']) {
      const v = m[k];
      if (typeof v !== 'string') continue;
      if (field === 'data') {
        const dec = decodeBase64(v);
        if (dec !== undefined) return { text: dec, key: [field, k], base64: true };
      } else return { text: v, key: [field, k], base64: false };
    }
  }
  return undefined;
}

function innerToRaw(path: PathSeg[], f: InnerFinding, shownPrefix: string): RawFinding {
  return {
    stage: 'cloud-init', severity: f.severity, path, anchor: 'value', message: f.message, hint: f.hint,
    inner: { line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn },
    shownPath: f.path ? `${shownPrefix}#${f.path}` : shownPrefix,
  };
}

function cloudInitStage(obj: Obj, kind: string, ctx: StreamCtx, raw: RawFinding[]): void {
  if (kind === 'Secret') {
    const ud = userDataOfSecret(obj);
    if (ud && isCloudConfig(ud.text)) for (const f of cloudConfigFindings(ud.text).findings) raw.push(innerToRaw(ud.key, f, clusterPath(ud.key)));
    return;
  }
  let base: PathSeg[];
  let spec: Obj;
  if (kind === 'VirtualMachine') {
    const t = isObj(obj.spec) && isObj(obj.spec.template) ? obj.spec.template : {};
    spec = isObj(t.spec) ? t.spec : {};
    base = ['spec', 'template', 'spec'];
  } else if (kind === 'VirtualMachineInstance') {
    spec = isObj(obj.spec) ? obj.spec : {};
    base = ['spec'];
  } else return;
  arr(spec.volumes).forEach((v, i) => {
    if (!isObj(v)) return;
    for (const key of ['cloudInitNoCloud', 'cloudInitConfigDrive']) {
      const src = v[key];
      if (!isObj(src)) continue;
      let text: string | undefined;
      let source = '';
      if (typeof src.userData === 'string') {
        text = src.userData;
        source = 'userData';
        if (isCloudConfig(text)) for (const f of cloudConfigFindings(text).findings) raw.push(innerToRaw([...base, 'volumes', i, key, 'userData'], f, clusterPath([...base, 'volumes', i, key, 'userData'])));
      } else if (typeof src.userDataBase64 === 'string') {
        text = decodeBase64(src.userDataBase64);
        source = 'userDataBase64';
        if (text !== undefined && isCloudConfig(text))
          for (const f of cloudConfigFindings(text).findings) raw.push({ ...innerToRaw([...base, 'volumes', i, key, 'userDataBase64'], f, `${clusterPath([...base, 'volumes', i, key, 'userDataBase64'])}`), inner: undefined, message: `${f.message} (line ${f.line} of the decoded user data)` });
      } else if (isObj(src.secretRef) && typeof src.secretRef.name === 'string') {
        const name = src.secretRef.name;
        const secret = ctx.docs.find((d) => isObj(d) && d.kind === 'Secret' && isObj(d.metadata) && d.metadata.name === name) as Obj | undefined;
        const ud = secret ? userDataOfSecret(secret) : undefined;
        if (ud) { text = ud.text; source = `Secret ${name}`; }
        else if (ctx.opts.userData?.length) { text = ctx.opts.userData[0]!.text; source = ctx.opts.userData[0]!.file ?? `Secret ${name}`; }
      }
      if (text === undefined || !isCloudConfig(text)) continue;
      let data: unknown;
      try { data = jsyaml.load(text, { schema: KUBECTL_JS_YAML }); } catch { continue; }
      raw.push(...probePortWarnings(base, spec, servedPorts(data), source));
    }
  });
}

/** A probe on a port the masquerade interface does not forward (ports listed, this one not). */
function forwardWarnings(obj: Obj, kind: string): RawFinding[] {
  if (kind !== 'VirtualMachine' && kind !== 'VirtualMachineInstance') return [];
  const base: PathSeg[] = kind === 'VirtualMachine' ? ['spec', 'template', 'spec'] : ['spec'];
  const t = kind === 'VirtualMachine' ? (isObj(obj.spec) && isObj(obj.spec.template) ? obj.spec.template : {}) : obj;
  const spec = isObj(t.spec) ? t.spec : {};
  if (!hasPodNetwork(spec)) return [];
  const pod = arr(spec.networks).find((n) => isObj(n) && n.pod !== undefined && n.pod !== null) as Obj | undefined;
  const ifaces = arr(isObj(spec.domain) && isObj(spec.domain.devices) ? spec.domain.devices.interfaces : []);
  const i = ifaces.findIndex((f) => isObj(f) && pod && f.name === pod.name);
  const iface = ifaces[i];
  if (!isObj(iface) || iface.masquerade === undefined || iface.masquerade === null) return [];
  const ports = arr(iface.ports).filter(isObj);
  if (!ports.length) return [];
  const listed = new Set(ports.map((p) => p.port));
  const out: RawFinding[] = [];
  for (const { probe: name, handler: h, port } of networkProbePorts(spec)) {
    if (listed.has(port)) continue;
    out.push({
      stage: 'start', severity: 'warning', path: [...base, name, h, 'port'], anchor: 'value',
      message: `${name} ${h} probes port ${port}, which ${clusterPath([...base, 'domain', 'devices', 'interfaces', i, 'ports'])} does not list: masquerade forwards only the listed ports, so the probe will fail`,
      hint: `Add {port: ${port}} to the interface's ports (or remove ports to forward all).`,
    });
  }
  return out;
}

export function runStages(obj: unknown, ctx: StreamCtx): RawFinding[] {
  const raw: RawFinding[] = [];
  if (!isObj(obj)) {
    raw.push({ stage: 'schema', severity: 'error', path: [], anchor: 'value', message: 'error validating data: invalid object to validate', hint: 'A Kubernetes manifest is a mapping with apiVersion, kind, metadata and spec.' });
    return raw;
  }
  const missing = ['apiVersion', 'kind'].filter((k) => typeof obj[k] !== 'string' || obj[k] === '');
  if (missing.length) {
    raw.push({ stage: 'schema', severity: 'error', path: [], anchor: 'key', message: `error validating data: [${missing.map((m) => `${m} not set`).join(', ')}]`, hint: missing.includes('kind') ? 'Add kind: VirtualMachine (or Secret, Service …).' : 'Add apiVersion: kubevirt.io/v1 (for a VirtualMachine).' });
    return raw;
  }
  const kind = String(obj.kind);
  const apiVersion = String(obj.apiVersion);
  const notServed = notServedFinding(kind, apiVersion, ctx.opts.profile ?? DEFAULT_PROFILE);
  if (notServed) {
    raw.push(notServed);
    return raw;
  }
  if (!KINDS_WITH_RULES.has(kind)) {
    raw.push({
      stage: 'schema', severity: 'info', path: ['kind'], anchor: 'value',
      message: `${kind} (${apiVersion}) is checked against its schema and object metadata only: kvlab has no other rules of the cluster's validation or admission for it`,
      hint: 'The cluster may still refuse it for a rule beyond the schema; this note never makes the file invalid.',
    });
  }
  raw.push(...schemaStage(obj, kind));
  if (raw.some((f) => f.severity === 'error')) return raw; // the webhook returns early
  raw.push(...validationStage(obj, kind)); // the API server's own validation, before any webhook
  if (raw.some((f) => f.severity === 'error')) return raw;
  raw.push(...crossObjectStage(obj, kind, ctx.docs, ctx.opts.related));
  const adm = [...admissionStage(obj, kind, clusterConfig(ctx.opts.cluster), ctx.opts.related ? [...ctx.docs, ...ctx.opts.related] : ctx.docs), ...(kind === 'DataVolume' ? ruleFor<typeof CdiWebhook.dataVolumeAdmission>('cdi.kubevirt.io', 'dataVolumeAdmission')(obj) : [])];
  raw.push(...adm);
  if (!adm.some((f) => f.severity === 'error')) {
    if (kind === 'VirtualMachine' && hasDataVolumeTemplates(obj)) raw.push(...ruleFor<typeof CdiWebhook.dataVolumeTemplateFindings>('cdi.kubevirt.io', 'dataVolumeTemplateFindings')(obj));
    raw.push(...startStage(obj, kind));
    raw.push(...forwardWarnings(obj, kind));
  }
  cloudInitStage(obj, kind, ctx, raw);
  return raw;
}

/** The API server's `no matches for kind` when the profile's cluster does not serve kind at apiVersion. */
function notServedFinding(kind: string, apiVersion: string, profile: ClusterProfile): RawFinding | undefined {
  const comp = componentOf(kind);
  if (serves(profile, kind, apiVersion, comp)) return undefined;
  const message = `no matches for kind "${kind}" in version "${apiVersion}"`;
  const named = `the cluster profile "${profile.name}" (${describeProfile(profile)})`;
  const served = servedVersions(profile, kind, comp);
  if (served.length) {
    return { stage: 'schema', severity: 'error', path: ['apiVersion'], anchor: 'value', message, hint: `${kind} is served at apiVersion: ${served.join(' or ')}.` };
  }
  if (comp) {
    const why = profile.components[comp] === undefined ? `comes with ${componentLabel(comp)}, which ${named} does not include` : `is not served by ${named}: its params.kvlab.profile omits ${apiVersion}`;
    return { stage: 'schema', severity: 'error', path: ['kind'], anchor: 'value', message, hint: `${kind} ${why}. If the training's cluster serves it, say so in the site params' kvlab.profile (docs/validators.md).` };
  }
  const known = Object.keys(kinds).filter((k) => servedVersions(profile, k, componentOf(k)).length);
  const close = suggest(kind, known);
  const hint = close
    ? `Did you mean kind: ${close} (apiVersion: ${servedVersions(profile, close, componentOf(close))[0]})?`
    : `${named[0]!.toUpperCase()}${named.slice(1)} serves no kind "${kind}". Kinds it serves: ${known.join(', ')}.`;
  return { stage: 'schema', severity: 'error', path: ['kind'], anchor: 'value', message, hint };
}

function meta(obj: unknown): Pick<DocumentResult, 'apiVersion' | 'kind' | 'name'> {
  if (!isObj(obj)) return {};
  const m = isObj(obj.metadata) ? obj.metadata : {};
  return {
    apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined,
    kind: typeof obj.kind === 'string' ? obj.kind : undefined,
    name: typeof m.name === 'string' ? m.name : typeof m.generateName === 'string' ? m.generateName : undefined,
  };
}

export function result(index: number, obj: unknown, findings: Finding[], strict: boolean | undefined): DocumentResult {
  const valid = !findings.some((f) => f.severity === 'error' || (strict && f.severity === 'warning'));
  return { index, ...meta(obj), valid, findings };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
const STAGE_ORDER = { yaml: 0, schema: 1, validation: 2, admission: 3, start: 4, 'cloud-init': 5, references: 6 };

export function sortFindings(fs: Finding[]): Finding[] {
  return fs.sort((a, b) => STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.line - b.line || a.column - b.column);
}

export function simple(message: string, hint: string, line = 1, column = 1): Finding {
  return { stage: 'yaml', severity: 'error', line, column, endLine: line, endColumn: column + 1, path: '', message, hint };
}

/** cloud-init's schema check (cloudinit-schema.ts, loaded with cloud-config's schema module). */
const cloudConfigValidator = () => validatorFor('cloudConfig')!;
export const cloudConfigFindings = (text: string) => ruleFor<typeof CloudInitSchema.validateCloudConfig>('cloud-config', 'validateCloudConfig')(text, cloudConfigValidator, cloudConfigTopKeys);
