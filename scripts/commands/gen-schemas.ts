// `kvlab gen-schemas`: turns ../shared/schemas/ (KubeVirt swagger, cloud-init #cloud-config
// schema) plus the hand-written core kinds (scripts/lib/core-schemas.ts) into the committed files
// under validators/generated/. The output is the only thing the validators read, so a fresh
// clone builds and tests without ../shared; rerun this when the shared schemas change.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { parseCommandArgs, argsOrExit, type ArgsResult } from '../lib/args.ts';
import { coreDefinitions } from '../lib/core-schemas.ts';

export const summary = 'regenerate validators/generated/ from ../shared/schemas/ (KubeVirt swagger, cloud-config)';

const root = resolve(import.meta.dirname, '..', '..');
const SWAGGER = 'kubevirt-v1.9.0-swagger.json';
const CLOUD = 'cloud-config-v1-cloud-init-26.2.json';

type Json = Record<string, unknown>;

/** apiVersion of each kind the swagger defines (the swagger itself does not say). */
export const KINDS: Record<string, { def: string; apiVersion: string }> = {
  VirtualMachine: { def: 'v1.VirtualMachine', apiVersion: 'kubevirt.io/v1' },
  VirtualMachineInstance: { def: 'v1.VirtualMachineInstance', apiVersion: 'kubevirt.io/v1' },
  VirtualMachineInstanceReplicaSet: { def: 'v1.VirtualMachineInstanceReplicaSet', apiVersion: 'kubevirt.io/v1' },
  VirtualMachineInstanceMigration: { def: 'v1.VirtualMachineInstanceMigration', apiVersion: 'kubevirt.io/v1' },
  VirtualMachineInstancePreset: { def: 'v1.VirtualMachineInstancePreset', apiVersion: 'kubevirt.io/v1' },
  KubeVirt: { def: 'v1.KubeVirt', apiVersion: 'kubevirt.io/v1' },
  VirtualMachineExport: { def: 'v1.VirtualMachineExport', apiVersion: 'export.kubevirt.io/v1' },
  MigrationPolicy: { def: 'v1alpha1.MigrationPolicy', apiVersion: 'migrations.kubevirt.io/v1alpha1' },
  VirtualMachineBackup: { def: 'v1alpha1.VirtualMachineBackup', apiVersion: 'backup.kubevirt.io/v1alpha1' },
  VirtualMachineClone: { def: 'v1beta1.VirtualMachineClone', apiVersion: 'clone.kubevirt.io/v1beta1' },
  VirtualMachineInstancetype: { def: 'v1beta1.VirtualMachineInstancetype', apiVersion: 'instancetype.kubevirt.io/v1beta1' },
  VirtualMachineClusterInstancetype: { def: 'v1beta1.VirtualMachineClusterInstancetype', apiVersion: 'instancetype.kubevirt.io/v1beta1' },
  VirtualMachinePreference: { def: 'v1beta1.VirtualMachinePreference', apiVersion: 'instancetype.kubevirt.io/v1beta1' },
  VirtualMachineClusterPreference: { def: 'v1beta1.VirtualMachineClusterPreference', apiVersion: 'instancetype.kubevirt.io/v1beta1' },
  VirtualMachinePool: { def: 'v1beta1.VirtualMachinePool', apiVersion: 'pool.kubevirt.io/v1beta1' },
  VirtualMachineSnapshot: { def: 'v1beta1.VirtualMachineSnapshot', apiVersion: 'snapshot.kubevirt.io/v1beta1' },
  VirtualMachineSnapshotContent: { def: 'v1beta1.VirtualMachineSnapshotContent', apiVersion: 'snapshot.kubevirt.io/v1beta1' },
  VirtualMachineRestore: { def: 'v1beta1.VirtualMachineRestore', apiVersion: 'snapshot.kubevirt.io/v1beta1' },
  Secret: { def: 'core.v1.Secret', apiVersion: 'v1' },
  ConfigMap: { def: 'core.v1.ConfigMap', apiVersion: 'v1' },
  Service: { def: 'core.v1.Service', apiVersion: 'v1' },
  Namespace: { def: 'core.v1.Namespace', apiVersion: 'v1' },
};

function refsOf(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) for (const n of node) refsOf(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.add(v.replace('#/definitions/', ''));
      else refsOf(v, out);
    }
  }
}

/** Copy of a schema node for validation: descriptions dropped, every object closed. */
function forValidation(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forValidation);
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'description' || k === 'default' || k === 'format' || k.startsWith('x-')) continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, forValidation(s)])) : forValidation(v);
  }
  // KubeVirt's CreateOpenAPIValidator injects additionalProperties:false into every definition;
  // the API server's strict decoding rejects unknown fields the same way.
  const isObject = src.type === 'object' || (src.properties !== undefined && src.type === undefined);
  if (isObject && src.additionalProperties === undefined) out.additionalProperties = false;
  if (out.$ref) return { $ref: out.$ref };
  return out;
}

/** Descriptions, enums and defaults per definition, for completion and hover. */
function forDocs(def: Json): Json {
  const props: Json = {};
  for (const [p, s] of Object.entries((def.properties ?? {}) as Record<string, Json>)) {
    const items = s.items as Json | undefined;
    const ref = ((s.$ref ?? items?.$ref ?? (s.additionalProperties as Json | undefined)?.$ref) as string | undefined)?.replace('#/definitions/', '');
    const e: Json = { t: Array.isArray(s.type) ? s.type.join('|') : (s.type ?? (ref ? 'object' : undefined)) };
    if (s.type === 'array') e.t = 'array';
    if (ref) e.r = ref;
    if (typeof s.description === 'string') e.d = s.description;
    if (s.enum) e.e = s.enum;
    if (items?.enum) e.e = items.enum;
    if (s.default !== undefined && !(typeof s.default === 'object')) e.df = s.default;
    props[p] = e;
  }
  const out: Json = { p: props };
  if (typeof def.description === 'string') out.d = def.description;
  if (def.required) out.q = def.required;
  return out;
}

/** Draft-04 → what ajv 8 (draft-07 mode) reads the same way. */
function fromDraft04(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromDraft04);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  const src = node as Json;
  for (const [k, v] of Object.entries(src)) {
    if (k === '$schema' || k === 'description' || k === 'markdownDescription' || k === 'examples' || k === 'format') continue;
    if ((k === 'exclusiveMinimum' || k === 'exclusiveMaximum') && typeof v === 'boolean') continue;
    if (k === 'properties' || k === '$defs' || k === 'patternProperties') {
      out[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, fromDraft04(s)]));
      continue;
    }
    out[k] = fromDraft04(v);
  }
  if (src.exclusiveMinimum === true) { out.exclusiveMinimum = src.minimum; delete out.minimum; }
  if (src.exclusiveMaximum === true) { out.exclusiveMaximum = src.maximum; delete out.maximum; }
  return out;
}

function header(from: string): string {
  return `// Generated by \`npm run gen:schemas\` (scripts/commands/gen-schemas.ts) from ${from}.\n// Do not edit: change the generator or the shared schema and regenerate.\n/* eslint-disable */\n`;
}

/** Kinds whose validators load with the validators themselves; the rest (and cloud-config's)
 *  are separate modules the editor's worker imports only when a document needs them. */
export const CORE_KINDS = ['VirtualMachine', 'VirtualMachineInstance', 'Secret', 'ConfigMap', 'Service', 'Namespace'];

/** ajv standalone code for `names` (export name → schema ref) compiled at gen time, so the
 *  browser worker neither ships ajv's compiler nor spends seconds compiling at start. */
function standalone(valDefs: Record<string, unknown>, cloud: unknown, names: Record<string, string>): string {
  const ajv = new Ajv({ strict: false, allErrors: true, messages: true, validateFormats: false, validateSchema: false, inlineRefs: false, code: { source: true, esm: true } });
  ajv.addSchema({ $id: 'https://kvlab.local/kv.json', definitions: valDefs });
  ajv.addSchema({ $id: 'https://kvlab.local/cloud-config.json', ...(cloud as object) });
  const sc = ((standaloneCodeModule as unknown as { default?: unknown }).default ?? standaloneCodeModule) as (a: Ajv, r: Record<string, string>) => string;
  return sc(ajv, names).replace(/^"use strict";/, '');
}

/** The three validator modules: name → {export name → schema ref}. */
function validatorGroups(): Record<string, Record<string, string>> {
  const ref = (k: string) => `https://kvlab.local/kv.json#/definitions/${KINDS[k]!.def}`;
  const group = (ks: string[]) => Object.fromEntries(ks.map((k) => [`kind_${k}`, ref(k)]));
  return {
    core: group(CORE_KINDS),
    'cloud-config': { cloudConfig: 'https://kvlab.local/cloud-config.json' },
    more: group(Object.keys(KINDS).filter((k) => !CORE_KINDS.includes(k))),
  };
}

export function generate(sharedDir: string): Record<string, string> {
  const swagger = JSON.parse(readFileSync(join(sharedDir, SWAGGER), 'utf8')) as { definitions: Record<string, Json> };
  const all: Record<string, Json> = { ...swagger.definitions, ...(coreDefinitions as Record<string, Json>) };
  // Kubernetes accepts a number for a Quantity and an IntOrString (unmarshalling does).
  all['k8s.io.apimachinery.pkg.util.intstr.IntOrString'] = { ...all['k8s.io.apimachinery.pkg.util.intstr.IntOrString'], type: ['string', 'integer'] };
  const wanted = new Set<string>();
  const queue = Object.values(KINDS).map((k) => k.def);
  while (queue.length) {
    const d = queue.pop()!;
    if (wanted.has(d)) continue;
    if (!all[d]) throw new Error(`gen-schemas: definition ${d} is not in ${SWAGGER}`);
    wanted.add(d);
    const refs = new Set<string>();
    refsOf(all[d], refs);
    for (const r of refs) if (!wanted.has(r)) queue.push(r);
  }
  const names = [...wanted].sort();
  const valDefs = Object.fromEntries(names.map((n) => [n, forValidation(all[n])]));
  const docDefs = Object.fromEntries(names.map((n) => [n, forDocs(all[n])]));
  const kinds = Object.fromEntries(Object.entries(KINDS).map(([k, v]) => [k, v]));
  const cloud = JSON.parse(readFileSync(join(sharedDir, CLOUD), 'utf8')) as Json;
  const from = (f: string) => `../shared/schemas/${f}`;
  const cloudConverted = fromDraft04(cloud);
  const validators: Record<string, string> = {};
  for (const [name, refs] of Object.entries(validatorGroups())) {
    const head = `${header(`${from(SWAGGER)}, ${from(CLOUD)} and scripts/lib/core-schemas.ts`)}`;
    // Plain JavaScript (with a declaration file) so nothing has to transpile 1 MB at start.
    validators[`validators-${name}.js`] = `${head}// ajv standalone validators (${name}): ${Object.keys(refs).join(', ')}.\n${standalone(valDefs, cloudConverted, refs)}\n`;
    validators[`validators-${name}.d.ts`] = `${head}type V = ((data: unknown) => boolean) & { errors?: import('ajv').ErrorObject[] | null };\n${Object.keys(refs).map((k) => `export declare const ${k}: V;`).join('\n')}\n`;
  }
  return {
    ...validators,
    'kinds.ts': `${header(`${from(SWAGGER)} and scripts/lib/core-schemas.ts`)}\nexport const kinds: Record<string, { def: string; apiVersion: string }> = ${JSON.stringify(kinds, null, 1)};\n`,
    'kubevirt-schema.ts': `${header(`${from(SWAGGER)} and scripts/lib/core-schemas.ts`)}// Validation definitions: descriptions dropped, additionalProperties:false on every object.\nexport const definitions: Record<string, object> = ${JSON.stringify(valDefs)};\n`,
    'kubevirt-docs.ts': `${header(`${from(SWAGGER)} and scripts/lib/core-schemas.ts`)}// Per definition: d description, q required, p properties {t type, r $ref, d description, e enum, df default}.\nexport interface DocProp { t?: string; r?: string; d?: string; e?: unknown[]; df?: unknown }\nexport interface DocDef { d?: string; q?: string[]; p: Record<string, DocProp> }\nexport const docs: Record<string, DocDef> = ${JSON.stringify(docDefs)};\n`,
    'cloud-config-schema.ts': `${header(from(CLOUD))}// Converted from JSON Schema draft-04 to what ajv 8 reads; descriptions dropped.\nexport const cloudConfigSchema: object = ${JSON.stringify(cloudConverted)};\n`,
  };
}

export const USAGE = 'Usage: kvlab gen-schemas [--shared DIR]\nReads DIR (default ../shared/schemas) and writes validators/generated/.';

/** Pure: argv → the schemas folder, or the one error to print (then exit 2). */
export function parseGenSchemasArgs(argv: string[]): ArgsResult<{ shared: string; help: boolean }> {
  return parseCommandArgs(argv, { shared: { type: 'string' } }, (v) => ({ shared: resolve(v.shared ?? join(root, '..', 'shared', 'schemas')), help: v.help }));
}

export async function run(argv: string[]): Promise<number> {
  const args = argsOrExit('gen-schemas', parseGenSchemasArgs(argv), USAGE);
  if (typeof args === 'number') return args;
  const shared = args.shared;
  for (const f of [SWAGGER, CLOUD]) {
    if (!existsSync(join(shared, f))) {
      console.error(`kvlab gen-schemas: ${join(shared, f)} not found. The generator needs ../shared/schemas/ (or --shared DIR); the committed files in validators/generated/ are used as they are until then.`);
      return 2;
    }
  }
  const out = join(root, 'validators', 'generated');
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(generate(shared))) {
    writeFileSync(join(out, name), text);
    console.log(`wrote validators/generated/${name} (${(text.length / 1024).toFixed(0)} KB)`);
  }
  return 0;
}
