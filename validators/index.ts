// validateText: the cluster's verdict on a YAML text, stage by stage (yaml → schema → admission →
// start → cloud-init), as plain data. Fast path: the quick block-YAML reader, else js-yaml (no
// positions), and compiled ajv; only
// when some document has a finding is the text re-parsed with `yaml` to position them
// (../shared/docs/validator-performance.md: parsing dominates, positions are the costly part).
import jsyaml from 'js-yaml';
import { KUBECTL_JS_YAML, YAML_11_BOOL } from './kubectl-yaml.ts';
import { CST, isScalar, parseAllDocuments, Parser, Scalar, type Document, type Node } from 'yaml';
import { admissionStage, decodeBase64, hasPodNetwork } from './admission.ts';
import { clusterConfig, type ClusterConfig } from './cluster-config.ts';
import { isCloudConfig, probePortWarnings, servedPorts, validateCloudConfig, type InnerFinding } from './cloudinit.ts';
import { clusterPath, LineCounter, locate, scalarAt, spanOf, type PathSeg } from './positions.ts';
import { arr, isObj, networkProbePorts, type Obj, type RawFinding } from './raw.ts';
import { componentOf, knownKind, schemaStage, suggest } from './schema.ts';
import { componentLabel, DEFAULT_PROFILE, describeProfile, servedVersions, serves, type ClusterProfile } from './profile.ts';
import { KINDS_WITH_RULES } from './rule-kinds.ts';
import { startStage } from './start.ts';
import { validationStage } from './k8s-validation/index.ts';
import type * as CdiWebhook from './cdi-webhook.ts';
import { ruleFor } from './registry.ts';
import { crossObjectStage } from './cross-object.ts';
import { QuickLocator } from './quick-locate.ts';
import { readBlockYaml } from './block-yaml.ts';
import { kinds } from './generated/kinds.ts';
import type { DocumentResult, Finding } from './types.ts';



export type { DocumentResult, Finding, FileResult, Stage, Severity } from './types.ts';
export { DEFAULT_CLUSTER_CONFIG, type ClusterConfig, type VMRolloutStrategy } from './cluster-config.ts';
export { DEFAULT_PROFILE, profileFromParams, type ClusterProfile } from './profile.ts';

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

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'Each key may appear once per mapping: merge the two entries or remove one.',
  TAB_AS_INDENT: 'YAML indents with spaces only: replace the tab with spaces.',
  BAD_INDENT: 'Align the key with its siblings (same number of spaces).',
  MISSING_CHAR: 'Close the quote (or remove the opening one).',
  BAD_SCALAR_START: 'Quote the value: it starts with a character YAML reserves.',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line: check for a missing ":" or a wrongly indented line above.',
  UNEXPECTED_TOKEN: 'Check the indentation and the ":" of this line.',
  BLOCK_AS_IMPLICIT_KEY: 'Check the indentation: a nested block needs its parent key to end with ":".',
  ALIAS_PROPS: 'An alias cannot carry a tag or anchor.',
  BAD_ALIAS: 'Define the anchor (&name) before using *name.',
};

/** Counts nodes as a reader of the expanded document would see them; stops at the budget. */
function tooLarge(v: unknown): boolean {
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

interface DocRun {
  obj: unknown;
  raw: RawFinding[];
}

interface StreamCtx {
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
    if (ud && isCloudConfig(ud.text)) for (const f of validateCloudConfig(ud.text).findings) raw.push(innerToRaw(ud.key, f, clusterPath(ud.key)));
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
        if (isCloudConfig(text)) for (const f of validateCloudConfig(text).findings) raw.push(innerToRaw([...base, 'volumes', i, key, 'userData'], f, clusterPath([...base, 'volumes', i, key, 'userData'])));
      } else if (typeof src.userDataBase64 === 'string') {
        text = decodeBase64(src.userDataBase64);
        source = 'userDataBase64';
        if (text !== undefined && isCloudConfig(text))
          for (const f of validateCloudConfig(text).findings) raw.push({ ...innerToRaw([...base, 'volumes', i, key, 'userDataBase64'], f, `${clusterPath([...base, 'volumes', i, key, 'userDataBase64'])}`), inner: undefined, message: `${f.message} (line ${f.line} of the decoded user data)` });
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

function runStages(obj: unknown, ctx: StreamCtx): RawFinding[] {
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

function result(index: number, obj: unknown, findings: Finding[], strict: boolean | undefined): DocumentResult {
  const valid = !findings.some((f) => f.severity === 'error' || (strict && f.severity === 'warning'));
  return { index, ...meta(obj), valid, findings };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
const STAGE_ORDER = { yaml: 0, schema: 1, validation: 2, admission: 3, start: 4, 'cloud-init': 5, references: 6 };

function sortFindings(fs: Finding[]): Finding[] {
  return fs.sort((a, b) => STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.line - b.line || a.column - b.column);
}

class Positioner {
  readonly lc: LineCounter;
  constructor(private text: string, lc: LineCounter) { this.lc = lc; }

  /** Span clipped to its first line (a block mapping's range runs over many lines). */
  span(start: number, end: number) {
    const s = spanOf(this.lc, start, end);
    if (s.endLine > s.line || end <= start) {
      let e = this.text.indexOf('\n', start);
      if (e < 0) e = this.text.length;
      if (this.text[e - 1] === '\r') e--;
      const c = spanOf(this.lc, start, Math.max(e, start + (end > start ? 1 : 0)));
      return { ...c, endLine: c.line, endColumn: c.line === c.endLine ? c.endColumn : c.column + 1 };
    }
    return s;
  }

  finding(doc: Document, r: RawFinding): Finding {
    const path = r.shownPath ?? clusterPath(r.path);
    if (r.inner) {
      const node = scalarAt(doc, r.path);
      const mapped = node ? this.mapInner(node, r.inner) : undefined;
      if (mapped) return { stage: r.stage, severity: r.severity, ...mapped, path, message: r.message, ...(r.hint ? { hint: r.hint } : {}) };
    }
    const [a, b] = locate(doc, r.path, r.anchor);
    const s = this.span(a, b);
    return { stage: r.stage, severity: r.severity, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn, path, message: r.message, ...(r.hint ? { hint: r.hint } : {}) };
  }

  /** Position inside a block scalar (`userData: |`) → position in the outer file. */
  private mapInner(node: Node, inner: NonNullable<RawFinding['inner']>) {
    if (!isScalar(node) || !node.range) return undefined;
    const start = node.range[0];
    const head = this.lc.linePos(start);
    if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
      const lines = this.text.slice(start, node.range[1]).split('\n');
      let indent = 0;
      for (const l of lines.slice(1)) if (l.trim()) { indent = l.length - l.trimStart().length; break; }
      const at = (line: number, col: number) => ({ line: head.line + line, column: indent + col });
      const a = at(inner.line, inner.column);
      const b = at(inner.endLine, inner.endColumn);
      return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    }
    const s = this.span(node.range[0], node.range[1]);
    return { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
  }
}

function simple(message: string, hint: string, line = 1, column = 1): Finding {
  return { stage: 'yaml', severity: 'error', line, column, endLine: line, endColumn: column + 1, path: '', message, hint };
}

function validateCloudConfigText(text: string, strict?: boolean): DocumentResult[] {
  const { findings } = validateCloudConfig(text);
  const fs: Finding[] = findings.map((f) => ({ stage: 'cloud-init', severity: f.severity, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, path: f.path, message: f.message, ...(f.hint ? { hint: f.hint } : {}) }));
  return [{ index: 0, kind: '#cloud-config', valid: !fs.some((f) => f.severity === 'error' || (strict && f.severity === 'warning')), findings: sortFindings(fs) }];
}

/** Quoted scalars that run to the end of the text without their closing quote (offsets). */
function unclosedQuotes(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const check = (t: CST.Token | undefined) => {
    if (!t || (t.type !== 'double-quoted-scalar' && t.type !== 'single-quoted-scalar')) return;
    const q = t.source[0]!;
    const body = t.source.slice(1);
    const closed = q === "'" ? /^(?:[^']|'')*'/.test(body) : /^(?:[^"\\]|\\[\s\S])*"/.test(body);
    if (!closed) out.push({ start: t.offset, end: t.offset + t.source.length });
  };
  for (const tok of new Parser().parse(text)) {
    if (tok.type !== 'document') continue;
    check(tok.value);
    CST.visit(tok, (item) => {
      check(item.key ?? undefined);
      check(item.value);
    });
  }
  return out;
}

/** Positions everything; used when the fast path found something (or could not parse). */
function slowPath(text: string, opts: ValidateOptions): DocumentResult[] {
  const lc = new LineCounter(text);
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, merge: true, customTags: [YAML_11_BOOL] });
  const pos = new Positioner(text, lc);
  const list = Array.isArray(docs) ? docs : [];
  let quotes: { start: number; end: number }[] | undefined;
  const objs: unknown[] = [];
  const yamlErrs: Finding[][] = [];
  for (const doc of list) {
    const errs: Finding[] = [];
    for (const e of [...doc.errors]) {
      const open = e.code === 'MISSING_CHAR' && /quote/.test(e.message) ? (quotes ??= unclosedQuotes(text)).find((q) => q.start <= e.pos[0] && e.pos[0] <= q.end) : undefined;
      if (open) {
        // The reader gives up at the end of the text; the trainee's mistake is where the quote opens.
        const s = pos.span(open.start, open.end);
        errs.push({ stage: 'yaml', severity: 'error', line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn, path: '', message: e.message.split('\n')[0]!, hint: 'This quote is never closed, so YAML reads the rest of the file into one string: close it on this line (or remove it).' });
        continue;
      }
      const s = pos.span(e.pos[0], e.pos[1]);
      errs.push({ stage: 'yaml', severity: 'error', line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn, path: '', message: e.message.split('\n')[0]!, hint: YAML_HINTS[e.code] ?? 'Fix the YAML syntax here.' });
    }
    let obj: unknown;
    if (!errs.length) {
      try {
        obj = doc.toJS({ maxAliasCount: 1000 });
        if (tooLarge(obj)) throw new Error('expands');
      } catch {
        errs.push(simple(`document expands to more than ${MAX_NODES.toLocaleString('en')} nodes through aliases`, 'Remove the nested aliases (*name): this looks like a "billion laughs" document.', pos.span(doc.range[0], doc.range[0]).line));
        obj = undefined;
      }
    }
    objs.push(errs.length ? undefined : obj);
    yamlErrs.push(errs);
  }
  const ctx: StreamCtx = { docs: objs, opts };
  const out: DocumentResult[] = [];
  list.forEach((doc, i) => {
    if (yamlErrs[i]!.length) { out.push(result(i, undefined, sortFindings(yamlErrs[i]!), opts.strict)); return; }
    const obj = objs[i];
    if (obj === null || obj === undefined) { if (list.length === 1) out.push(result(i, obj, [], opts.strict)); return; }
    const fs = runStages(obj, ctx).map((r) => pos.finding(doc, r));
    out.push(result(i, obj, sortFindings(fs), opts.strict));
  });
  return out;
}

/** The result for a text over MAX_BYTES (`what`: "the text is 50.0 MB", "the file is larger than 3 MiB"). */
export function tooLargeResult(what: string): DocumentResult[] {
  return [{ index: 0, valid: false, findings: [simple(`${what}; the API server accepts at most 3 MiB per request, so it was not parsed`, 'Validate the manifests one file at a time; a VM manifest is a few KB.')] }];
}

export function validateText(text: string, opts: ValidateOptions = {}): DocumentResult[] {
  if (text.length > MAX_BYTES) return tooLargeResult(`the text is ${(text.length / 1024 / 1024).toFixed(1)} MB`);
  if (isCloudConfig(text)) return validateCloudConfigText(text, opts.strict);
  // Plain block YAML is read by the quick reader; anything else by js-yaml (which it equals).
  let docs = readBlockYaml(text);
  if (!docs) {
    try {
      const all: unknown[] = [];
      jsyaml.loadAll(text, (d) => all.push(d), { schema: KUBECTL_JS_YAML, json: false });
      docs = all;
    } catch {
      return slowPath(text, opts);
    }
  }
  const ctx: StreamCtx = { docs, opts };
  const out: DocumentResult[] = [];
  let quick: QuickLocator | undefined;
  for (let i = 0; i < docs.length; i++) {
    const obj = docs[i];
    if (obj === null || obj === undefined) { if (docs.length === 1) out.push(result(i, obj, [], opts.strict)); continue; }
    if (tooLarge(obj)) return slowPath(text, opts);
    const raw = runStages(obj, ctx);
    if (raw.length) {
      // Positions by indentation when the text is plain block YAML; otherwise parse for them.
      if (raw.some((r) => r.inner)) return slowPath(text, opts);
      quick ??= new QuickLocator(text);
      if (quick.docStarts.length !== docs.length) return slowPath(text, opts);
      const lc = (quick.lc ??= new LineCounter(text));
      const fs: Finding[] = [];
      for (const r of raw) {
        let v: unknown = obj;
        for (const seg of r.path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
        const at = quick.locate(i, r.path, r.anchor, v !== null && v !== undefined && typeof v !== 'object');
        if (!at) return slowPath(text, opts);
        const a = spanOf(lc, at[0], at[1]);
        fs.push({ stage: r.stage, severity: r.severity, line: a.line, column: a.column, endLine: a.endLine, endColumn: a.endColumn, path: r.shownPath ?? clusterPath(r.path), message: r.message, ...(r.hint ? { hint: r.hint } : {}) });
      }
      out.push(result(i, obj, sortFindings(fs), opts.strict));
      continue;
    }
    out.push(result(i, obj, [], opts.strict));
  }
  return out;
}

/** The slow path alone (every position from a full `yaml` parse); for tests and benchmarks. */
export function validateTextSlow(text: string, opts: ValidateOptions = {}): DocumentResult[] {
  if (text.length > MAX_BYTES || isCloudConfig(text)) return validateText(text, opts);
  return slowPath(text, opts);
}
