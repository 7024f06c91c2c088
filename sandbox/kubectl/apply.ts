// `kubectl apply -f`: each file goes through the validators first and is refused the way the API
// server or the KubeVirt webhook would refuse it; what passes is stored in the sandbox.
import { parseAllDocuments } from 'yaml';
import type { StoredObject } from '../sandbox.ts';
import { storedOnlyNote } from './not-simulated.ts';
import type { DocumentResult } from '../../validators/types.ts';
import type { CommandContext, Job, Result } from '../types.ts';
import type { VfsError } from '../vfs.ts';
import { isObj, type Obj } from '../../validators/raw.ts';
import { fromBase64 } from './base64.ts';
import { filesOf, readFile, type Flags } from './flags.ts';
import { byKind } from './resources.ts';

function secretRefs(obj: Obj): string[] {
  const spec = isObj(obj.spec) && isObj(obj.spec.template) && isObj(obj.spec.template.spec) ? obj.spec.template.spec : {};
  const names: string[] = [];
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
    if (!isObj(v)) continue;
    for (const src of [v.cloudInitNoCloud, v.cloudInitConfigDrive]) {
      if (!isObj(src)) continue;
      for (const ref of [src.secretRef, src.userDataSecretRef]) if (isObj(ref) && typeof ref.name === 'string') names.push(ref.name);
    }
  }
  return names;
}

function secretText(o: StoredObject | undefined): string | undefined {
  if (!o) return undefined;
  const data = isObj(o.obj.data) ? o.obj.data : {};
  const sdata = isObj(o.obj.stringData) ? o.obj.stringData : {};
  for (const k of ['userdata', 'userData']) {
    if (typeof sdata[k] === 'string') return sdata[k] as string;
    if (typeof data[k] === 'string') return fromBase64(data[k] as string);
  }
  return undefined;
}

/** What apply asks the validators, one file at a time (the Secrets a file's VM names are read first). */
interface Validation {
  text: string;
  opts: { file: string; userData: { text: string; file: string }[]; related?: unknown[] };
}

/** The instance types and preferences a VM names that the cluster holds: admission applies them (conflicts). */
function instancetypesOf(ctx: CommandContext, obj: Obj, ns: string): unknown[] {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const out: unknown[] = [];
  for (const [key, nsKind, clKind] of [['instancetype', 'VirtualMachineInstancetype', 'VirtualMachineClusterInstancetype'], ['preference', 'VirtualMachinePreference', 'VirtualMachineClusterPreference']] as const) {
    const m = spec[key];
    if (!isObj(m) || typeof m.name !== 'string') continue;
    const k = typeof m.kind === 'string' ? m.kind.toLowerCase() : '';
    const kind = k === nsKind.toLowerCase() || k === `${nsKind.toLowerCase()}s` ? nsKind : clKind;
    const o = ctx.sandbox.find(kind, ns, m.name);
    if (o) out.push(o.obj);
  }
  return out;
}

/**
 * Runs apply's steps: at once when the validators answer synchronously (the CLI, tests), else as
 * a job that awaits each answer (the lab page's worker). Files are judged and applied one after
 * the other either way, so a Secret applied from a folder is there for the next file's VM.
 */
function runApply(ctx: CommandContext, steps: Generator<Validation, number, DocumentResult[]>): Result {
  let step = steps.next();
  while (!step.done) {
    const answer = ctx.validate(step.value.text, step.value.opts);
    if (!Array.isArray(answer)) return awaitValidation(ctx, steps, answer);
    step = steps.next(answer);
  }
  return step.value;
}

function awaitValidation(ctx: CommandContext, steps: Generator<Validation, number, DocumentResult[]>, first: Promise<DocumentResult[]>): Job {
  let interrupted = false;
  const done = (async () => {
    let answer: Promise<DocumentResult[]> | DocumentResult[] = first;
    for (;;) {
      let results: DocumentResult[];
      try {
        results = await answer;
      } catch (e) {
        if (interrupted) return 130;
        steps.return(1);
        ctx.io.out(`error: the sandbox's validators did not answer: ${(e as Error).message ?? e}\n`);
        return 1;
      }
      if (interrupted) return 130;
      const step = steps.next(results);
      if (step.done) return step.value;
      answer = ctx.validate(step.value.text, step.value.opts);
    }
  })();
  return {
    tick: () => undefined,
    input: () => undefined,
    interrupt: () => {
      // Ctrl-C: the files applied so far stay, the one being judged is not applied
      interrupted = true;
      steps.return(130);
    },
    done,
  };
}

export function apply(ctx: CommandContext, flags: Flags, ns: string): Result {
  return runApply(ctx, applySteps(ctx, flags, ns));
}

/** `kubectl create -f`: judged as apply judges, but an object that exists already is refused. */
export function createFromFiles(ctx: CommandContext, flags: Flags, ns: string): Result {
  return runApply(ctx, applySteps(ctx, flags, ns, 'create'));
}

function* applySteps(ctx: CommandContext, flags: Flags, ns: string, verb: 'apply' | 'create' = 'apply'): Generator<Validation, number, DocumentResult[]> {
  const { io, sandbox } = ctx;
  const files = filesOf(ctx, flags);
  if (typeof files === 'string') {
    io.out(`${files}\n`);
    return 1;
  }
  let code = 0;
  for (const f of files) {
    const file = f === '-' ? 'STDIN' : f;
    let text: string;
    try {
      text = readFile(ctx, f);
    } catch (e) {
      io.out(`error: ${(e as VfsError).message}\n`);
      code = 1;
      continue;
    }
    // userdata of the Secrets the VM names, so the validators judge the cloud-config too
    const parsed = parseAllDocuments(text).map((d) => {
      try {
        return d.errors.length ? undefined : (d.toJS() as unknown);
      } catch {
        return undefined;
      }
    });
    const userData: { text: string; file: string }[] = [];
    for (const o of parsed) if (isObj(o)) for (const s of secretRefs(o)) {
      const t = secretText(sandbox.find('Secret', ns, s));
      if (t !== undefined) userData.push({ text: t, file: `secret/${s}` });
    }
    const related = parsed.flatMap((o) => (isObj(o) && o.kind === 'VirtualMachine' ? instancetypesOf(ctx, o, ns) : []));
    const results = yield { text, opts: { file, userData, ...(related.length ? { related } : {}) } };
    const yamlErr = results.flatMap((r) => r.findings).find((f) => f.stage === 'yaml' && f.severity === 'error');
    if (yamlErr) {
      io.out(`error: error parsing ${file}: error converting YAML to JSON: yaml: line ${yamlErr.line}: ${yamlErr.message}\n`);
      code = 1;
      continue;
    }
    if (!results.length || results.every((r) => r.kind === undefined && r.findings.length === 0)) {
      io.out(`error: no objects passed to apply\n`);
      code = 1;
      continue;
    }
    for (const r of results) if (!applyObject(ctx, file, ns, parsed[r.index], r, verb)) code = 1;
  }
  return code;
}

/** One object of a file the validators judged: refused as kubectl would (false), or stored. */
function applyObject(ctx: CommandContext, file: string, ns: string, obj: unknown, r: DocumentResult, verb: 'apply' | 'create' = 'apply'): boolean {
  const { io, sandbox } = ctx;
  if (!isObj(obj)) return true;
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (!kind || !obj.apiVersion) {
    io.out(`error: error validating "${file}": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n`);
    return false;
  }
  if (typeof meta.namespace === 'string' && meta.namespace !== ns) {
    io.out(`error: the namespace from the provided object "${meta.namespace}" does not match the namespace "${ns}". You must pass '--namespace=${meta.namespace}' to perform this operation.\n`);
    return false;
  }
  const errors = r.findings.filter((f) => f.severity === 'error');
  const schema = errors.filter((f) => f.stage === 'schema');
  const admission = errors.filter((f) => f.stage === 'admission');
  const verbing = sandbox.find(kind, ns, name) ? 'patching' : 'creating';
  if (schema.length) {
    const decoding = schema.find((f) => /cannot be handled as|no matches for kind|strict decoding/.test(f.message));
    if (decoding && /no matches for kind/.test(decoding.message)) io.out(`error: resource mapping not found for name: "${name}" namespace: "${ns}" from "${file}": ${decoding.message}\nensure CRDs are installed first\n`);
    else if (decoding) io.out(`Error from server (BadRequest): error when ${verbing} "${file}": ${decoding.message}\n`);
    else if (schema.length === 1) io.out(`The ${kind} "${name}" is invalid: ${schema[0]!.message}\n`);
    else io.out(`The ${kind} "${name}" is invalid: \n${schema.map((f) => `* ${f.message}`).join('\n')}\n`);
    return false;
  }
  if (!name) {
    io.out(`error: error when retrieving current configuration of:\nResource: "${byKind(kind)?.plural ?? kind.toLowerCase()}", GroupVersionKind: "${obj.apiVersion}, Kind=${kind}"\nName: "", Namespace: "${ns}"\nfrom server for: "${file}": resource name may not be empty\n`);
    return false;
  }
  // The API server's own validation (validators/k8s-validation), before any webhook.
  const invalid = errors.filter((f) => f.stage === 'validation');
  if (invalid.length) {
    io.out(invalid.length === 1 ? `The ${kind} "${name}" is invalid: ${invalid[0]!.message}\n` : `The ${kind} "${name}" is invalid: \n${invalid.map((f) => `* ${f.message}`).join('\n')}\n`);
    return false;
  }
  if (admission.length) {
    const webhook = kind === 'VirtualMachine' ? 'virtualmachine-validator.kubevirt.io' : kind === 'VirtualMachineInstance' ? 'virtualmachineinstances-create-validator.kubevirt.io' : kind === 'DataVolume' ? 'datavolume-validate.cdi.kubevirt.io' : '';
    if (webhook) io.out(`Error from server: error when ${verbing} "${file}": admission webhook "${webhook}" denied the request: ${admission.map((f) => f.message).join(', ')}\n`);
    else io.out(`The ${kind} "${name}" is invalid: ${admission.map((f) => f.message).join(', ')}\n`);
    return false;
  }
  const start = errors.filter((f) => f.stage === 'start').map((f) => f.message);
  const res = byKind(kind);
  if (verb === 'create' && sandbox.find(kind, ns, name)) {
    io.out(`Error from server (AlreadyExists): error when creating "${file}": ${res?.plural ?? kind.toLowerCase()} "${name}" already exists\n`);
    return false;
  }
  const stored = res && !res.namespaced ? obj : { ...obj, metadata: { ...meta, namespace: ns } };
  let verdict: string;
  try {
    verdict = sandbox.apply(stored, start);
  } catch (e) {
    io.out(`Error from server: error when ${verbing} "${file}": ${(e as Error).message}\n`);
    return false;
  }
  io.out(`${res?.singular ?? kind.toLowerCase()}/${name} ${verdict}\n`);
  const note = verdict === 'created' ? storedOnlyNote(sandbox, kind) : '';
  if (note) io.out(`${note}\n`);
  return true;
}
