// `kubectl` in the sandbox: apply, create secret generic, get, describe, delete in the trainee's
// namespace, printing what kubectl prints (tables, -o yaml/wide, -w, its error messages). An
// apply goes through the validators first and is refused the way the API server or the
// KubeVirt webhook would refuse it.
import { parseAllDocuments, stringify } from 'yaml';
import type { VmiRow, VmRow } from '../simulator/cluster.ts';
import { columnWidths, humanDuration, table, timestamp } from './format.ts';
import { Sandbox, STORED_KINDS, type StoredObject } from './sandbox.ts';
import type { DocumentResult } from '../validators/types.ts';
import type { CommandContext, Job, Result } from './types.ts';
import { VfsError } from './vfs.ts';
import { editDistance } from '../validators/edit-distance.ts';
import { isObj, type Obj } from '../validators/raw.ts';


interface Resource {
  kind: string;
  /** The plural.group kubectl names in messages. */
  plural: string;
  /** The singular form in `created`/`deleted` lines. */
  singular: string;
  group: string;
}

const RESOURCES: Resource[] = [
  { kind: 'VirtualMachine', plural: 'virtualmachines.kubevirt.io', singular: 'virtualmachine.kubevirt.io', group: 'kubevirt.io' },
  { kind: 'VirtualMachineInstance', plural: 'virtualmachineinstances.kubevirt.io', singular: 'virtualmachineinstance.kubevirt.io', group: 'kubevirt.io' },
  { kind: 'Secret', plural: 'secrets', singular: 'secret', group: '' },
  { kind: 'Service', plural: 'services', singular: 'service', group: '' },
  { kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', group: '' },
  { kind: 'ConfigMap', plural: 'configmaps', singular: 'configmap', group: '' },
  { kind: 'Pod', plural: 'pods', singular: 'pod', group: '' },
];

const ALIASES: Record<string, string> = {
  vm: 'VirtualMachine', vms: 'VirtualMachine', virtualmachine: 'VirtualMachine', virtualmachines: 'VirtualMachine',
  vmi: 'VirtualMachineInstance', vmis: 'VirtualMachineInstance', virtualmachineinstance: 'VirtualMachineInstance', virtualmachineinstances: 'VirtualMachineInstance',
  secret: 'Secret', secrets: 'Secret',
  svc: 'Service', service: 'Service', services: 'Service',
  ep: 'Endpoints', endpoint: 'Endpoints', endpoints: 'Endpoints',
  cm: 'ConfigMap', configmap: 'ConfigMap', configmaps: 'ConfigMap',
  po: 'Pod', pod: 'Pod', pods: 'Pod',
};

/** The resource types `kubectl get <TAB>` offers. */
export const RESOURCE_NAMES = ['vm', 'vmi', 'pods', 'secret', 'svc', 'endpoints', 'configmap', 'virtualmachines', 'virtualmachineinstances', 'services'];
export const KUBECTL_VERBS = ['apply', 'create', 'get', 'describe', 'delete', 'version', 'config', 'help'];

function resourceOf(word: string): Resource | undefined {
  const w = word.toLowerCase().replace(/\.kubevirt\.io$/, '');
  const kind = ALIASES[w];
  return kind ? RESOURCES.find((r) => r.kind === kind) : undefined;
}
const byKind = (kind: string) => RESOURCES.find((r) => r.kind === kind);

class UsageError extends Error {}

interface Flags {
  namespace?: string;
  output?: string;
  watch: boolean;
  files: string[];
  fromFile: string[];
  fromLiteral: string[];
  allNamespaces: boolean;
  dryRun?: string;
  positional: string[];
}

const VALUE_FLAGS: Record<string, keyof Flags> = {
  '-n': 'namespace', '--namespace': 'namespace', '-o': 'output', '--output': 'output',
  '-f': 'files', '--filename': 'files', '--from-file': 'fromFile', '--from-literal': 'fromLiteral', '--dry-run': 'dryRun',
};

export function parseFlags(args: string[]): Flags {
  const f: Flags = { watch: false, files: [], fromFile: [], fromLiteral: [], allNamespaces: false, positional: [] };
  const set = (key: keyof Flags, v: string) => {
    const cur = f[key];
    if (Array.isArray(cur)) (cur as string[]).push(v);
    else (f as unknown as Record<string, unknown>)[key] = v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (name in VALUE_FLAGS) {
      let v: string | undefined;
      if (a.startsWith('--') && eq > 0) v = a.slice(eq + 1);
      else v = args[++i];
      if (v === undefined) throw new UsageError(`flag needs an argument: '${name.replace(/^-+/, '')}' in ${name}`);
      set(VALUE_FLAGS[name]!, v);
    } else if (/^-[nof]./.test(a) && !a.startsWith('--')) {
      set(VALUE_FLAGS[a.slice(0, 2)]!, a.slice(2).replace(/^=/, ''));
    } else if (a === '-w' || a === '--watch') f.watch = true;
    else if (a === '-A' || a === '--all-namespaces') f.allNamespaces = true;
    else if (a === '--dry-run') f.dryRun = 'client';
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown flag: ${name}`);
    else f.positional.push(a);
  }
  return f;
}

export function kubectl(ctx: CommandContext, args: string[]): Result {
  const { io } = ctx;
  const err = (m: string) => {
    io.out(`${m}\n`);
    return 1;
  };
  let flags: Flags;
  try {
    flags = parseFlags(args.slice(1));
  } catch (e) {
    const verb = args[0] ?? '';
    return err(`error: ${(e as Error).message}\nSee 'kubectl ${verb ? `${verb} ` : ''}--help' for usage.`);
  }
  const verb = args[0];
  const ns = flags.namespace ?? ctx.namespace;
  if (flags.allNamespaces || ns !== ctx.namespace) {
    const target = flags.allNamespaces ? 'at the cluster scope' : `in the namespace "${ns}"`;
    const what = verb === 'get' || verb === 'describe' ? 'list' : verb === 'delete' ? 'delete' : 'create';
    const res = resourceOf(flags.positional[0] ?? '') ?? byKind('VirtualMachine')!;
    const [plural, group] = res.group ? [res.plural.split('.')[0], res.group] : [res.plural, ''];
    if (verb && ['get', 'describe', 'delete', 'apply', 'create'].includes(verb))
      return err(`Error from server (Forbidden): ${res.plural} is forbidden: User "system:serviceaccount:${ctx.namespace}:${ctx.user}" cannot ${what} resource "${plural}" in API group "${group}" ${target}`);
  }
  switch (verb) {
    case 'apply':
      return apply(ctx, flags, ns);
    case 'create':
      return create(ctx, flags, ns);
    case 'get':
      return get(ctx, flags, ns);
    case 'describe':
      return describe(ctx, flags, ns);
    case 'delete':
      return del(ctx, flags, ns);
    case 'version':
      io.out('Client Version: v1.34.1\nKustomize Version: v5.7.1\nServer Version: v1.34.1 (kvlab sandbox, KubeVirt v1.9.0)\n');
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(
        'kubectl controls the Kubernetes cluster manager (here: the kvlab sandbox).\n\n' +
          'Commands this sandbox runs:\n' +
          '  apply -f FILE|DIR          Apply a configuration to a resource\n' +
          '  create secret generic NAME --from-file=[KEY=]FILE [--from-literal=KEY=VALUE]\n' +
          '  get TYPE [NAME] [-o yaml|wide] [-w]   vm, vmi, secret, svc, endpoints, configmap\n' +
          '  describe TYPE NAME\n' +
          '  delete TYPE NAME | -f FILE\n\n' +
          'Flags: -n/--namespace (your namespace is the default)\n',
      );
      return verb === undefined ? 1 : 0;
    default:
      return err(`error: unknown command "${verb}" for "kubectl"\n\nDid you mean this?\n\t${closest(verb, KUBECTL_VERBS)}\nRun 'kubectl --help' for usage.`);
  }
}

function closest(word: string, choices: string[]): string {
  let best = choices[0]!;
  let score = Infinity;
  for (const c of choices) {
    const d = editDistance(word, c);
    if (d < score) [best, score] = [c, d];
  }
  return best;
}

// ------------------------------------------------------------------------------------ apply

/** Files named by -f: a file, or the .yaml/.yml/.json files of a folder. */
function filesOf(ctx: CommandContext, flags: Flags): string[] | string {
  if (!flags.files.length) return 'error: must specify one of -f and -k';
  const out: string[] = [];
  for (const f of flags.files) {
    if (ctx.vfs.isDir(f)) {
      const under = ctx.vfs.filesUnder(f).filter((p) => /\.(ya?ml|json)$/.test(p));
      out.push(...under.map((p) => (f.endsWith('/') ? f : `${f}/`) + p.slice(p.lastIndexOf('/') + 1)));
    } else if (ctx.vfs.isFile(f)) out.push(f);
    else return `error: the path "${f}" does not exist${ctx.whereFrom(f)}`;
  }
  return out;
}

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

export function toBase64(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function fromBase64(b64: string): string {
  try {
    const bin = atob(b64.replace(/\s+/g, ''));
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return '';
  }
}

/** What apply asks the validators, one file at a time (the Secrets a file's VM names are read first). */
interface Validation {
  text: string;
  opts: { file: string; userData: { text: string; file: string }[] };
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

function apply(ctx: CommandContext, flags: Flags, ns: string): Result {
  return runApply(ctx, applySteps(ctx, flags, ns));
}

function* applySteps(ctx: CommandContext, flags: Flags, ns: string): Generator<Validation, number, DocumentResult[]> {
  const { io, sandbox } = ctx;
  const files = filesOf(ctx, flags);
  if (typeof files === 'string') {
    io.out(`${files}\n`);
    return 1;
  }
  let code = 0;
  for (const file of files) {
    let text: string;
    try {
      text = ctx.vfs.read(file);
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
    const results = yield { text, opts: { file, userData } };
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
    for (const r of results) {
      const obj = parsed[r.index];
      if (!isObj(obj)) continue;
      const meta = isObj(obj.metadata) ? obj.metadata : {};
      const kind = typeof obj.kind === 'string' ? obj.kind : '';
      const name = typeof meta.name === 'string' ? meta.name : '';
      if (!kind || !obj.apiVersion) {
        io.out(`error: error validating "${file}": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n`);
        code = 1;
        continue;
      }
      if (typeof meta.namespace === 'string' && meta.namespace !== ns) {
        io.out(`error: the namespace from the provided object "${meta.namespace}" does not match the namespace "${ns}". You must pass '--namespace=${meta.namespace}' to perform this operation.\n`);
        code = 1;
        continue;
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
        code = 1;
        continue;
      }
      if (!name) {
        io.out(`error: error when retrieving current configuration of:\nResource: "${byKind(kind)?.plural ?? kind.toLowerCase()}", GroupVersionKind: "${obj.apiVersion}, Kind=${kind}"\nName: "", Namespace: "${ns}"\nfrom server for: "${file}": resource name may not be empty\n`);
        code = 1;
        continue;
      }
      if (admission.length) {
        const webhook = kind === 'VirtualMachine' ? 'virtualmachine-validator.kubevirt.io' : kind === 'VirtualMachineInstance' ? 'virtualmachineinstances-create-validator.kubevirt.io' : '';
        if (webhook) io.out(`Error from server: error when ${verbing} "${file}": admission webhook "${webhook}" denied the request: ${admission.map((f) => f.message).join(', ')}\n`);
        else io.out(`The ${kind} "${name}" is invalid: ${admission.map((f) => f.message).join(', ')}\n`);
        code = 1;
        continue;
      }
      if (!STORED_KINDS.has(kind)) {
        io.out(`Error from server (Forbidden): error when creating "${file}": ${(byKind(kind)?.plural ?? `${kind.toLowerCase()}s`)} is forbidden: the kvlab sandbox stores VirtualMachine, Secret, Service and ConfigMap objects only\n`);
        code = 1;
        continue;
      }
      const start = errors.filter((f) => f.stage === 'start').map((f) => f.message);
      const stored = { ...obj, metadata: { ...meta, namespace: ns } };
      const verdict = sandbox.apply(stored, start);
      io.out(`${byKind(kind)?.singular ?? kind.toLowerCase()}/${name} ${verdict}\n`);
    }
  }
  return code;
}

// ------------------------------------------------------------------------------------ create

function create(ctx: CommandContext, flags: Flags, ns: string): number {
  const { io, sandbox } = ctx;
  const [what, type, name, ...extra] = flags.positional;
  if (what !== 'secret') {
    if (!what && flags.files.length) {
      io.out('error: the sandbox creates from files with `kubectl apply -f`\n');
      return 1;
    }
    io.out(`error: the kvlab sandbox creates only secrets here (kubectl create secret generic NAME --from-file=userdata=FILE); use kubectl apply -f for the rest\n`);
    return 1;
  }
  if (type !== 'generic') {
    io.out(type ? `error: unknown command "${type}" for "kubectl create secret"\n` : 'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n');
    return 1;
  }
  if (!name) {
    io.out("error: exactly one NAME is required, got 0\nSee 'kubectl create secret generic -h' for help and examples\n");
    return 1;
  }
  if (extra.length) {
    io.out(`error: exactly one NAME is required, got ${1 + extra.length}\nSee 'kubectl create secret generic -h' for help and examples\n`);
    return 1;
  }
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
    io.out(`The Secret "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`);
    return 1;
  }
  const data: Record<string, string> = {};
  for (const spec of flags.fromFile) {
    const eq = spec.indexOf('=');
    const path = eq >= 0 ? spec.slice(eq + 1) : spec;
    const key = eq >= 0 ? spec.slice(0, eq) : path.slice(path.lastIndexOf('/') + 1);
    if (eq === 0 || !key) {
      io.out(`error: key names or file paths cannot contain '='\n`);
      return 1;
    }
    if (!ctx.vfs.exists(path)) {
      io.out(`error: error reading ${path}: no such file or directory${ctx.whereFrom(path)}\n`);
      return 1;
    }
    if (ctx.vfs.isDir(path)) {
      for (const f of ctx.vfs.filesUnder(path)) data[f.slice(f.lastIndexOf('/') + 1)] = toBase64(ctx.vfs.read(f));
      continue;
    }
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
      io.out(`error: "${key}" is not a valid key name for a Secret: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n`);
      return 1;
    }
    if (key in data) {
      io.out(`error: cannot add key ${key}, another key by that name already exists in Data for Secret "${name}"\n`);
      return 1;
    }
    data[key] = toBase64(ctx.vfs.read(path));
  }
  for (const lit of flags.fromLiteral) {
    const eq = lit.indexOf('=');
    if (eq <= 0) {
      io.out(`error: invalid literal source ${lit}, expected key=value\n`);
      return 1;
    }
    data[lit.slice(0, eq)] = toBase64(lit.slice(eq + 1));
  }
  if (sandbox.find('Secret', ns, name)) {
    io.out(`error: failed to create secret secrets "${name}" already exists\n`);
    return 1;
  }
  const obj = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'Opaque', data };
  if (flags.dryRun) {
    io.out(flags.output === 'yaml' ? stringify(obj) : `secret/${name} created (dry run)\n`);
    return 0;
  }
  sandbox.apply(obj);
  io.out(`secret/${name} created\n`);
  return 0;
}

// ------------------------------------------------------------------------------------ get

interface Target {
  res: Resource;
  name?: string;
}

function targets(ctx: CommandContext, flags: Flags, verb: string): Target[] | undefined {
  const { io } = ctx;
  const pos = flags.positional;
  if (!pos.length) {
    io.out(
      verb === 'get'
        ? 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n'
        : `error: You must provide one or more resources by argument or filename.\n`,
    );
    return undefined;
  }
  const out: Target[] = [];
  if (pos[0]!.includes('/')) {
    for (const p of pos) {
      const [t, n] = p.split('/', 2);
      const res = resourceOf(t ?? '');
      if (!res) {
        io.out(`error: the server doesn't have a resource type "${t}"\n`);
        return undefined;
      }
      if (!n) {
        io.out(`error: arguments in resource/name form must have a single resource and name\n`);
        return undefined;
      }
      out.push({ res, name: n });
    }
    return out;
  }
  const types = pos[0]!.split(',');
  const names = pos.slice(1);
  for (const t of types) {
    const res = resourceOf(t);
    if (!res) {
      io.out(`error: the server doesn't have a resource type "${t}"\n`);
      return undefined;
    }
    if (names.length) for (const n of names) out.push({ res, name: n });
    else out.push({ res });
  }
  return out;
}

const notFound = (res: Resource, name: string) => `Error from server (NotFound): ${res.plural} "${name}" not found`;

interface Row {
  name: string;
  cells: string[];
  /** The cells that tell a change (without AGE), for -w. */
  key: string;
}

function headers(kind: string, wide: boolean): string[] {
  switch (kind) {
    case 'VirtualMachine':
      return ['NAME', 'AGE', 'STATUS', 'READY'];
    case 'VirtualMachineInstance':
      return wide ? ['NAME', 'AGE', 'PHASE', 'IP', 'NODENAME', 'READY', 'LIVE-MIGRATABLE', 'PAUSED'] : ['NAME', 'AGE', 'PHASE', 'IP', 'NODENAME', 'READY'];
    case 'Secret':
      return ['NAME', 'TYPE', 'DATA', 'AGE'];
    case 'Service':
      return wide ? ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR'] : ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'];
    case 'Endpoints':
      return ['NAME', 'ENDPOINTS', 'AGE'];
    case 'Pod':
      return wide ? ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
    default:
      return ['NAME', 'DATA', 'AGE'];
  }
}

const cap = (b: boolean) => (b ? 'True' : 'False');

function serviceIp(o: StoredObject): string {
  const spec = isObj(o.obj.spec) ? o.obj.spec : {};
  if (typeof spec.clusterIP === 'string') return spec.clusterIP;
  let h = 0;
  for (const c of o.name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `10.96.${(h >> 8) % 250}.${(h % 250) + 2}`;
}

function servicePorts(o: StoredObject): { text: string; targets: string[] } {
  const spec = isObj(o.obj.spec) ? o.obj.spec : {};
  const ports = Array.isArray(spec.ports) ? spec.ports.filter(isObj) : [];
  return {
    text: ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',') || '<none>',
    targets: ports.map((p) => String(p.targetPort ?? p.port)),
  };
}

function vmLabels(o: StoredObject): Record<string, string> {
  const t = isObj(o.obj.spec) && isObj(o.obj.spec.template) && isObj(o.obj.spec.template.metadata) ? o.obj.spec.template.metadata : {};
  return isObj(t.labels) ? (Object.fromEntries(Object.entries(t.labels).map(([k, v]) => [k, String(v)])) as Record<string, string>) : {};
}

/** Ready VMI addresses a Service selects (the endpoints controller's view). */
function endpointAddresses(ctx: CommandContext, svc: StoredObject, ns: string): string[] {
  const spec = isObj(svc.obj.spec) ? svc.obj.spec : {};
  const sel = isObj(spec.selector) ? spec.selector : {};
  if (!Object.keys(sel).length) return [];
  const out: string[] = [];
  for (const vm of ctx.sandbox.list('VirtualMachine', ns)) {
    const labels = vmLabels(vm);
    if (!Object.entries(sel).every(([k, v]) => labels[k] === String(v))) continue;
    const vmi = ctx.sandbox.cluster.vmi(ns, vm.name);
    if (!vmi?.ready || !vmi.ip) continue;
    for (const p of servicePorts(svc).targets) out.push(`${vmi.ip}:${p}`);
  }
  return out;
}

function rows(ctx: CommandContext, kind: string, ns: string, name: string | undefined, wide: boolean): Row[] {
  const { sandbox } = ctx;
  const now = sandbox.now;
  const age = (t: number) => humanDuration(now - t);
  switch (kind) {
    case 'VirtualMachine':
      return (sandbox.cluster.get('vm', ns, name) as VmRow[]).map((r) => ({ name: r.name, cells: [r.name, humanDuration(r.age), r.status, cap(r.ready)], key: `${r.status}|${r.ready}` }));
    case 'VirtualMachineInstance':
      return (sandbox.cluster.get('vmi', ns, name) as VmiRow[]).map((r) => {
        const vmi = sandbox.cluster.vmi(ns, r.name);
        const cells = [r.name, humanDuration(r.age), r.phase, r.ip, r.node, cap(r.ready)];
        if (wide) cells.push('False', '');
        return { name: r.name, cells, key: `${vmi?.uid}|${r.phase}|${r.ip}|${r.node}|${r.ready}` };
      });
    case 'Secret':
      return sandbox.list('Secret', ns).filter((o) => !name || o.name === name).map((o) => {
        const n = Object.keys(isObj(o.obj.data) ? o.obj.data : {}).length + Object.keys(isObj(o.obj.stringData) ? o.obj.stringData : {}).length;
        return { name: o.name, cells: [o.name, String(o.obj.type ?? 'Opaque'), String(n), age(o.createdAt)], key: String(n) };
      });
    case 'Pod':
      return launcherPods(ctx, ns, name, wide);
    case 'ConfigMap':
      return sandbox.list('ConfigMap', ns).filter((o) => !name || o.name === name).map((o) => {
        const n = Object.keys(isObj(o.obj.data) ? o.obj.data : {}).length;
        return { name: o.name, cells: [o.name, String(n), age(o.createdAt)], key: String(n) };
      });
    case 'Service':
      return sandbox.list('Service', ns).filter((o) => !name || o.name === name).map((o) => {
        const spec = isObj(o.obj.spec) ? o.obj.spec : {};
        const sel = isObj(spec.selector) ? Object.entries(spec.selector).map(([k, v]) => `${k}=${v}`).join(',') : '';
        const cells = [o.name, String(spec.type ?? 'ClusterIP'), serviceIp(o), '<none>', servicePorts(o).text, age(o.createdAt)];
        if (wide) cells.push(sel || '<none>');
        return { name: o.name, cells, key: cells.slice(0, 5).join('|') };
      });
    case 'Endpoints':
      return sandbox.list('Service', ns).filter((o) => !name || o.name === name).map((o) => {
        const addrs = endpointAddresses(ctx, o, ns);
        const shown = addrs.length > 3 ? `${addrs.slice(0, 3).join(',')} + ${addrs.length - 3} more...` : addrs.join(',') || '<none>';
        return { name: o.name, cells: [o.name, shown, age(o.createdAt)], key: shown };
      });
    default:
      return [];
  }
}

/** The virt-launcher pod of each VMI (compute + guest-console-log containers), as `kubectl get pods` lists it. */
export function launcherPodName(vm: string, uid: number): string {
  let h = uid * 2654435761;
  let suffix = '';
  const abc = 'bcdfghjklmnpqrstvwxz2456789';
  for (let i = 0; i < 5; i++) {
    h = (h * 31 + 7) >>> 0;
    suffix += abc[h % abc.length];
  }
  return `virt-launcher-${vm}-${suffix}`;
}

function launcherPods(ctx: CommandContext, ns: string, name: string | undefined, wide: boolean): Row[] {
  const out: Row[] = [];
  for (const vm of ctx.sandbox.list('VirtualMachine', ns)) {
    const vmi = ctx.sandbox.cluster.vmi(ns, vm.name);
    if (!vmi || vmi.phase === 'Pending') continue;
    const pod = launcherPodName(vm.name, vmi.uid);
    if (name && pod !== name) continue;
    const started = !!vmi.container;
    const status = vmi.phase === 'Failed' ? 'Error' : vmi.phase === 'Succeeded' ? 'Completed' : vmi.startError ? 'ContainerCreating' : started ? 'Running' : vmi.phase === 'Scheduling' ? 'ContainerCreating' : 'Pending';
    const ready = vmi.podTerminated ? 0 : (started ? 1 : 0) + (vmi.podReady ? 1 : 0);
    const cells = [pod, `${ready}/2`, status, '0', humanDuration(ctx.sandbox.now - vmi.createdAt)];
    if (wide) cells.push(vmi.ip ?? '<none>', vmi.node ?? '<none>', '<none>', '<none>');
    out.push({ name: pod, cells, key: `${ready}|${status}` });
  }
  return out;
}

function get(ctx: CommandContext, flags: Flags, ns: string): Result {
  const { io } = ctx;
  const ts = targets(ctx, flags, 'get');
  if (!ts) return 1;
  const output = flags.output;
  if (output && !['yaml', 'json', 'wide', 'name'].includes(output)) {
    io.out(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,wide,yaml\n`);
    return 1;
  }
  const wide = output === 'wide';
  let code = 0;
  const lines: string[] = [];
  const objects: Obj[] = [];
  const byRes = new Map<Resource, Row[]>();
  const notFoundLines: string[] = [];
  for (const t of ts) {
    const rs = rows(ctx, t.res.kind, ns, t.name, wide);
    if (t.name && !rs.length) {
      notFoundLines.push(notFound(t.res, t.name));
      code = 1;
      continue;
    }
    if (!byRes.has(t.res)) byRes.set(t.res, []);
    byRes.get(t.res)!.push(...rs);
    if (output === 'yaml' || output === 'json') for (const r of rs) objects.push(objectOf(ctx, t.res.kind, ns, r.name));
  }
  if (output === 'yaml' || output === 'json') {
    const doc = objects.length === 1 && ts.every((t) => t.name) ? objects[0]! : { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
    if (objects.length || !ts.every((t) => t.name)) io.out(output === 'yaml' ? stringify(doc) : `${JSON.stringify(doc, null, 4)}\n`);
  } else if (output === 'name') {
    for (const [res, rs] of byRes) for (const r of rs) lines.push(`${res.singular}/${r.name}`);
  } else {
    const multi = byRes.size > 1;
    for (const [res, rs] of byRes) {
      if (!rs.length) continue;
      const head = headers(res.kind, wide);
      const all = [head, ...rs.map((r) => (multi ? [`${res.singular}/${r.cells[0]}`, ...r.cells.slice(1)] : r.cells))];
      if (lines.length) lines.push('');
      lines.push(...table(all));
    }
  }
  for (const l of notFoundLines) io.out(`${l}\n`);
  if (lines.length) io.out(`${lines.join('\n')}\n`);
  const anyRows = [...byRes.values()].some((r) => r.length);
  if (!anyRows && !notFoundLines.length && !flags.watch) io.out(`No resources found in ${ns} namespace.\n`);
  if (!flags.watch) return code;
  if (ts.length !== 1) {
    io.out('error: you may only specify a single resource type\n');
    return 1;
  }
  return watchJob(ctx, ts[0]!, ns, wide, byRes.get(ts[0]!.res) ?? []);
}

/** `kubectl get … -w`: a line for each change of a row, until Ctrl-C. */
function watchJob(ctx: CommandContext, t: Target, ns: string, wide: boolean, first: Row[]): Job {
  const head = headers(t.res.kind, wide);
  const widths = columnWidths([head, ...first.map((r) => r.cells)]);
  const seen = new Map(first.map((r) => [r.name, r.key]));
  if (!first.length) ctx.io.out(''); // kubectl prints nothing until the first object appears
  let printedHeader = first.length > 0;
  return {
    tick() {
      for (const r of rows(ctx, t.res.kind, ns, t.name, wide)) {
        if (seen.get(r.name) === r.key) continue;
        seen.set(r.name, r.key);
        if (!printedHeader) {
          ctx.io.out(`${table([head], columnWidths([head, r.cells]))[0]}\n`);
          for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, r.cells[i]?.length ?? 0);
          printedHeader = true;
        }
        ctx.io.out(`${table([r.cells], widths.map((w, i) => Math.max(w, r.cells[i]?.length ?? 0)))[0]}\n`);
      }
      return undefined;
    },
    input() {
      return undefined;
    },
    interrupt() {},
  };
}

// ------------------------------------------------------------------------------------ -o yaml

function objectOf(ctx: CommandContext, kind: string, ns: string, name: string): Obj {
  const { sandbox } = ctx;
  const meta = (o: StoredObject, extra: Obj = {}) => ({
    ...(isObj(o.obj.metadata) ? o.obj.metadata : {}),
    creationTimestamp: timestamp(ctx.epochMs, o.createdAt),
    namespace: ns,
    resourceVersion: String(1000 + sandbox.ops.length),
    uid: o.uid,
    ...extra,
  });
  if (kind === 'VirtualMachineInstance') {
    const vm = sandbox.find('VirtualMachine', ns, name);
    const vmi = sandbox.cluster.vmi(ns, name);
    const tpl = vm && isObj(vm.obj.spec) && isObj(vm.obj.spec.template) ? vm.obj.spec.template : {};
    const tmeta = isObj(tpl.metadata) ? tpl.metadata : {};
    return {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: {
        ...(isObj(tmeta.labels) ? { labels: { ...tmeta.labels, 'kubevirt.io/nodeName': vmi?.node ?? '' } } : {}),
        creationTimestamp: timestamp(ctx.epochMs, vmi?.createdAt ?? 0),
        name,
        namespace: ns,
        ownerReferences: [{ apiVersion: 'kubevirt.io/v1', blockOwnerDeletion: true, controller: true, kind: 'VirtualMachine', name, uid: vm?.uid ?? '' }],
        uid: `${vm?.uid.slice(0, 9) ?? ''}vmi-${vmi?.uid ?? 0}`,
      },
      spec: isObj(tpl.spec) ? tpl.spec : {},
      status: {
        conditions: [
          { status: cap(!!vmi?.ready), type: 'Ready' },
          // a launcher pod that cannot be created (start-stage errors, a missing Secret) shows here
          ...(vmi?.startError ? [{ message: vmi.startError, reason: /MountVolume/.test(vmi.startError) ? 'FailedMount' : 'FailedCreate', status: 'False', type: 'Synchronized' }] : []),
        ],
        ...(vmi?.ip ? { interfaces: [{ ipAddress: vmi.ip, ipAddresses: [vmi.ip], name: 'default' }] } : {}),
        ...(vmi?.node ? { nodeName: vmi.node } : {}),
        phase: vmi?.phase ?? 'Pending',
      },
    };
  }
  if (kind === 'Pod') {
    const row = launcherPods(ctx, ns, name, true)[0]!;
    return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: { 'kubevirt.io': 'virt-launcher', 'vm.kubevirt.io/name': name.replace(/^virt-launcher-|-[^-]+$/g, '') } }, spec: { nodeName: row.cells[6] }, status: { phase: row.cells[2] === 'Error' ? 'Failed' : row.cells[2] === 'Completed' ? 'Succeeded' : row.cells[2] === 'Running' ? 'Running' : 'Pending', podIP: row.cells[5] } };
  }
  const kindName = kind === 'Endpoints' ? 'Service' : kind;
  const o = sandbox.find(kindName, ns, name)!;
  if (kind === 'Endpoints') {
    const addrs = endpointAddresses(ctx, o, ns);
    return {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { creationTimestamp: timestamp(ctx.epochMs, o.createdAt), name, namespace: ns },
      ...(addrs.length ? { subsets: [{ addresses: [...new Set(addrs.map((a) => a.split(':')[0]))].map((ip) => ({ ip })), ports: servicePorts(o).targets.map((p) => ({ port: Number(p) || p, protocol: 'TCP' })) }] } : {}),
    };
  }
  if (kind === 'VirtualMachine') {
    const row = (sandbox.cluster.get('vm', ns, name) as VmRow[])[0];
    const vmi = sandbox.cluster.vmi(ns, name);
    return {
      ...o.obj,
      metadata: meta(o, { generation: 1 + sandbox.ops.filter((op) => op.op === 'apply' && op.obj.kind === 'VirtualMachine' && (op.obj.metadata as Obj)?.name === name).length - 1 }),
      status: {
        ...(vmi && vmi.phase !== 'Succeeded' && vmi.phase !== 'Failed' ? { created: true } : {}),
        printableStatus: row?.status ?? 'Stopped',
        ...(row?.ready ? { ready: true } : {}),
      },
    };
  }
  return { ...o.obj, metadata: meta(o) };
}

// ------------------------------------------------------------------------------------ describe

function describe(ctx: CommandContext, flags: Flags, ns: string): number {
  const { io } = ctx;
  const ts = targets(ctx, flags, 'describe');
  if (!ts) return 1;
  let code = 0;
  const blocks: string[] = [];
  for (const t of ts) {
    const names = t.name ? [t.name] : rows(ctx, t.res.kind, ns, undefined, false).map((r) => r.name);
    if (!t.name && !names.length) {
      io.out(`No resources found in ${ns} namespace.\n`);
      continue;
    }
    for (const n of names) {
      if (!rows(ctx, t.res.kind, ns, n, false).length) {
        io.out(`${notFound(t.res, n)}\n`);
        code = 1;
        continue;
      }
      const obj = objectOf(ctx, t.res.kind, ns, n);
      const meta = isObj(obj.metadata) ? obj.metadata : {};
      const labels = isObj(meta.labels) ? Object.entries(meta.labels).map(([k, v]) => `${k}=${v}`) : [];
      const lines = [
        `Name:         ${n}`,
        `Namespace:    ${ns}`,
        `Labels:       ${labels[0] ?? '<none>'}`,
        ...labels.slice(1).map((l) => `              ${l}`),
        `Annotations:  <none>`,
        `API Version:  ${obj.apiVersion}`,
        `Kind:         ${obj.kind}`,
      ];
      const body: Obj = {};
      for (const k of Object.keys(obj)) if (!['apiVersion', 'kind', 'metadata'].includes(k)) body[k] = obj[k];
      if (t.res.kind === 'Secret') {
        const data = isObj(obj.data) ? obj.data : {};
        lines.push('', `Type:  ${obj.type ?? 'Opaque'}`, '', 'Data', '====');
        for (const [k, v] of Object.entries(data)) lines.push(`${k}:  ${fromBase64(String(v)).length} bytes`);
      } else lines.push(...describeFields(body, 0));
      const stuck = t.res.kind === 'VirtualMachineInstance' ? ctx.sandbox.cluster.vmi(ns, n)?.startError : undefined;
      if (stuck) {
        const reason = /MountVolume/.test(stuck) ? 'FailedMount' : 'FailedCreate';
        const from = reason === 'FailedMount' ? 'kubelet' : 'virtualmachine-controller';
        lines.push('Events:', ...table([['  Type', 'Reason', 'Age', 'From', 'Message'], ['  ----', '------', '----', '----', '-------'], ['  Warning', reason, humanDuration(ctx.sandbox.now - (ctx.sandbox.cluster.vmi(ns, n)?.createdAt ?? 0)), from, stuck]]));
      } else lines.push('Events:       <none>');
      blocks.push(lines.join('\n'));
    }
  }
  if (blocks.length) io.out(`${blocks.join('\n\n\n')}\n`);
  return code;
}

/** kubectl describe's rendering of an object body: Title Case keys, nested by indentation. */
function describeFields(v: unknown, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const title = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
  const out: string[] = [];
  if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (isObj(x) || Array.isArray(x)) {
        out.push(`${pad}${title(k)}:`);
        out.push(...describeFields(x, depth + 1));
      } else out.push(`${pad}${title(k)}:${' '.repeat(Math.max(1, 12 - pad.length - k.length))}${String(x)}`);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) {
      if (isObj(x) || Array.isArray(x)) out.push(...describeFields(x, depth + 1));
      else out.push(`${pad}  ${String(x)}`);
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------ delete

function del(ctx: CommandContext, flags: Flags, ns: string): number {
  const { io, sandbox } = ctx;
  let code = 0;
  const items: { res: Resource; name: string }[] = [];
  if (flags.files.length) {
    const files = filesOf(ctx, flags);
    if (typeof files === 'string') {
      io.out(`${files}\n`);
      return 1;
    }
    for (const f of files) {
      for (const d of parseAllDocuments(ctx.vfs.read(f))) {
        let o: unknown;
        try {
          o = d.toJS();
        } catch {
          continue;
        }
        if (!isObj(o)) continue;
        const res = byKind(String(o.kind));
        const meta = isObj(o.metadata) ? o.metadata : {};
        if (res && typeof meta.name === 'string') items.push({ res, name: meta.name });
      }
    }
  } else {
    const ts = targets(ctx, flags, 'delete');
    if (!ts) return 1;
    for (const t of ts) {
      if (!t.name) {
        io.out('error: resource(s) were provided, but no name was specified\n');
        return 1;
      }
      items.push({ res: t.res, name: t.name });
    }
  }
  for (const { res, name } of items) {
    let ok: boolean;
    if (res.kind === 'VirtualMachineInstance') ok = sandbox.cluster.vmi(ns, name) !== undefined && sandbox.deleteVmi(ns, name);
    else if (res.kind === 'Endpoints') ok = false;
    else if (res.kind === 'Pod') {
      // deleting the launcher pod ends its VMI, as on a cluster
      const vm = launcherPods(ctx, ns, name, false)[0] ? ctx.sandbox.list('VirtualMachine', ns).find((v) => name.startsWith(`virt-launcher-${v.name}-`)) : undefined;
      ok = !!vm && sandbox.deleteVmi(ns, vm.name);
    }
    else ok = sandbox.delete(res.kind, ns, name);
    if (ok) io.out(`${res.singular} "${name}" deleted\n`);
    else {
      io.out(`${notFound(res, name)}\n`);
      code = 1;
    }
  }
  return code;
}

export { Sandbox };
