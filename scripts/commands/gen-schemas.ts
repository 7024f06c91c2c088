// `kvlab gen-schemas`: turns the upstream API specs into the committed files under
// validators/generated/: ../shared/schemas/ (KubeVirt swagger, cloud-init #cloud-config schema)
// and --sources DIR (Kubernetes 1.32 OpenAPI v3, CDI's swagger and StorageProfile CRD, the
// multus and prometheus-operator CRDs: scripts/lib/schema-sources.ts). The output is the only
// thing the validators read, so a fresh clone builds and tests without the sources; rerun this
// when a source changes. One validator module per API group, loaded when a document needs it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { parseCommandArgs, argsOrExit, type ArgsResult } from '../lib/args.ts';
import { loadSources, missingSources, reachable, type KindSpec } from '../lib/schema-sources.ts';

export const summary = 'regenerate validators/generated/ from the upstream API specs (KubeVirt, Kubernetes, CDI, add-on CRDs, cloud-config)';

const root = resolve(import.meta.dirname, '..', '..');
const SWAGGER = 'kubevirt-v1.9.0-swagger.json';
const CLOUD = 'cloud-config-v1-cloud-init-26.2.json';

type Json = Record<string, unknown>;

/** Objects Kubernetes keeps as they come (no fields of their own to check). */
const OPEN_OBJECTS = /(^|\.)(pkg\.runtime\.RawExtension|runtime\.RawExtension|meta\.v1\.FieldsV1|v1\.FieldsV1|apiextensions\.v1\.JSON)$/;

/** Go's RE2 `(?i)` (case-insensitive, used by prometheus-operator's CRDs) as a JavaScript pattern:
 *  each letter outside a class or escape becomes `[xX]`. */
export function goPattern(p: string): string {
  if (!p.includes('(?i)')) return p;
  const s = p.replace('(?i)', '');
  let out = '';
  let inClass = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') { out += c + (s[i + 1] ?? ''); i++; continue; }
    if (c === '[') inClass = true;
    if (c === ']') inClass = false;
    out += !inClass && /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
  }
  return out;
}

/** Copy of a schema node for validation: descriptions dropped, every object closed. */
function forValidation(node: unknown, name = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => forValidation(n));
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  if (src['x-kubernetes-int-or-string'] === true) return { type: ['string', 'integer'] };
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'description' || k === 'default' || k === 'format' || k === 'nullable' || k.startsWith('x-')) continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, forValidation(s)])) : k === 'pattern' && typeof v === 'string' ? goPattern(v) : forValidation(v);
  }
  if (src.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  // KubeVirt's CreateOpenAPIValidator injects additionalProperties:false into every definition;
  // the API server's strict decoding (and strict field validation of CRDs) rejects unknown fields
  // the same way, except where the schema keeps unknown fields.
  const isObject = src.type === 'object' || (src.properties !== undefined && src.type === undefined);
  const open = src['x-kubernetes-preserve-unknown-fields'] === true || OPEN_OBJECTS.test(name);
  if (isObject && src.additionalProperties === undefined && !open) out.additionalProperties = false;
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
  return `// Generated by \`npm run gen:schemas\` (scripts/commands/gen-schemas.ts) from ${from}.\n// Do not edit: change the generator or the sources and regenerate.\n/* eslint-disable */\n`;
}

/** The kinds whose validators load with the validators themselves (module `vm`); every other
 *  kind's module is its API group's, which the editor's worker imports when a document needs it. */
export const EAGER_KINDS = ['VirtualMachine', 'VirtualMachineInstance'];

const UCS2LENGTH = '((s) => { let n = 0; for (const _ of s) n++; return n; })';

/** ajv standalone code for `names` (export name → schema ref) compiled at gen time, so the
 *  browser worker neither ships ajv's compiler nor spends seconds compiling at start. */
function standalone(ajv: Ajv, names: Record<string, string>): string {
  const sc = ((standaloneCodeModule as unknown as { default?: unknown }).default ?? standaloneCodeModule) as (a: Ajv, r: Record<string, string>) => string;
  // The modules are ESM: ajv's require() of its string-length helper (minLength/maxLength count
  // code points, as the API server counts runes) becomes the same function inline.
  const code = sc(ajv, names).replace(/^"use strict";/, '').replaceAll('require("ajv/dist/runtime/ucs2length").default', UCS2LENGTH);
  if (code.includes('require(')) throw new Error(`gen-schemas: the standalone code of ${Object.keys(names).join(', ')} requires an ajv runtime helper`);
  return code;
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : 'core');
const ident = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');

interface VersionEntry { def: string; validator: string; module: string }

/** kind → apiVersion → its definition, validator export and module. */
function versionTable(kinds: KindSpec[]): Record<string, Record<string, VersionEntry>> {
  const out: Record<string, Record<string, VersionEntry>> = {};
  for (const k of kinds) {
    const entries = (out[k.kind] ??= {});
    const first = Object.keys(entries).length === 0;
    const module = k.component === 'kubevirt' && EAGER_KINDS.includes(k.kind) ? 'vm' : groupOf(k.apiVersion);
    const validator = first ? `kind_${k.kind}` : `kind_${k.kind}__${ident(k.apiVersion)}`;
    for (const v of [k.apiVersion, ...(k.alsoServed ?? [])]) entries[v] ??= { def: k.def, validator, module };
  }
  return out;
}

/** kinds.ts: the kind table, compact (it loads with the editor's first open): per kind
 *  "component|apiVersion=def|apiVersion|…", a version without `=def` sharing the one before. */
function kindsModule(kinds: KindSpec[], from: string): string {
  const rows: Record<string, string[]> = {};
  for (const k of kinds) {
    const row = (rows[k.kind] ??= [k.component]);
    row.push(`${k.apiVersion}=${k.def}`, ...(k.alsoServed ?? []));
  }
  const packed = Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, r.join('|')]));
  return `${header(from)}
export type Component = 'kubernetes' | 'kubevirt' | 'cdi' | 'multus' | 'prometheus-operator';
const EAGER = ${JSON.stringify(EAGER_KINDS)};
const packed: Record<string, string> = ${JSON.stringify(packed)};
/** Each kind at its preferred version. */
export const kinds: Record<string, { def: string; apiVersion: string; component: Component }> = {};
/** Every served version of each kind: its definition, validator export and module (one per API group). */
export const kindVersions: Record<string, Record<string, { def: string; validator: string; module: string }>> = {};
for (const [kind, row] of Object.entries(packed)) {
  const [component, ...versions] = row.split('|');
  const table: Record<string, { def: string; validator: string; module: string }> = (kindVersions[kind] = {});
  let cur = { def: '', validator: '', module: '' };
  for (const v of versions) {
    const [apiVersion, def] = v.split('=') as [string, string | undefined];
    if (def) {
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : 'core';
      const validator = cur.def ? \`kind_\${kind}__\${apiVersion.replace(/[^A-Za-z0-9]/g, '_')}\` : \`kind_\${kind}\`;
      cur = { def, validator, module: component === 'kubevirt' && EAGER.includes(kind) ? 'vm' : group };
      kinds[kind] ??= { def, apiVersion, component: component as Component };
    }
    table[apiVersion] = cur;
  }
}
`;
}

export function generate(sharedDir: string, sourcesDir: string): Record<string, string> {
  const swagger = JSON.parse(readFileSync(join(sharedDir, SWAGGER), 'utf8')) as { definitions: Record<string, Json> };
  const src = loadSources(sourcesDir, swagger.definitions);
  const all = src.definitions;
  // Kubernetes accepts a number for a Quantity and an IntOrString (unmarshalling does).
  for (const n of Object.keys(all)) {
    if (/(^|\.)util\.intstr\.IntOrString$/.test(n)) all[n] = { ...all[n], type: ['string', 'integer'] };
    if (/(^|\.)(api\.)?resource\.Quantity$/.test(n)) all[n] = { ...all[n], type: ['string', 'integer', 'number'] };
  }
  const kubevirtKinds = src.kinds.filter((k) => k.component === 'kubevirt');
  const table = versionTable(src.kinds);
  const validate = (names: Iterable<string>) => Object.fromEntries([...names].sort().map((n) => [n, forValidation(all[n], n)]));
  // KubeVirt's definitions load with the validators (did-you-mean, completion and hover read them);
  // every other source's travel with its API group's module.
  const kvNames = reachable(all, kubevirtKinds.map((k) => k.def));
  const valDefs = validate(kvNames);
  const docDefs = Object.fromEntries([...kvNames].sort().map((n) => [n, forDocs(all[n]!)]));
  const cloud = fromDraft04(JSON.parse(readFileSync(join(sharedDir, CLOUD), 'utf8')) as Json);
  const ajv = new Ajv({ strict: false, allErrors: true, messages: true, validateFormats: false, validateSchema: false, inlineRefs: false, code: { source: true, esm: true } });
  const allNames = reachable(all, src.kinds.map((k) => k.def));
  ajv.addSchema({ $id: 'https://kvlab.local/kv.json', definitions: validate(allNames) });
  ajv.addSchema({ $id: 'https://kvlab.local/cloud-config.json', ...(cloud as object) });
  const ref = (def: string) => `https://kvlab.local/kv.json#/definitions/${def}`;
  const modules: Record<string, { refs: Record<string, string>; defs: string[] }> = { 'cloud-config': { refs: { cloudConfig: 'https://kvlab.local/cloud-config.json' }, defs: [] } };
  for (const versions of Object.values(table)) {
    for (const e of Object.values(versions)) {
      const m = (modules[e.module] ??= { refs: {}, defs: [] });
      m.refs[e.validator] = ref(e.def);
      if (!kvNames.has(e.def)) m.defs.push(e.def);
    }
  }
  const shared = `../shared/schemas/${SWAGGER}, ${CLOUD}`;
  const from = `${shared}; ${src.from.join('; ')}`;
  const files: Record<string, string> = {};
  for (const [name, m] of Object.entries(modules)) {
    const head = header(name === 'cloud-config' ? `../shared/schemas/${CLOUD}` : from);
    const defs = m.defs.length ? validate(reachable(all, m.defs)) : undefined;
    // Plain JavaScript (with a declaration file) so nothing has to transpile 1 MB at start.
    const extra = defs ? `// Validation definitions of this group's kinds (did-you-mean hints read them).\nexport const definitions = ${JSON.stringify(defs)};\n` : '';
    files[`validators-${name}.js`] = `${head}// ajv standalone validators (${name}): ${Object.keys(m.refs).join(', ')}.\n${standalone(ajv, m.refs)}\n${extra}`;
    files[`validators-${name}.d.ts`] = `${head}type V = ((data: unknown) => boolean) & { errors?: import('ajv').ErrorObject[] | null };\n${Object.keys(m.refs).map((k) => `export declare const ${k}: V;`).join('\n')}\n${defs ? 'export declare const definitions: Record<string, object>;\n' : ''}`;
  }
  const lazy = Object.keys(modules).filter((m) => m !== 'vm').sort();
  // Completion and hover of the other groups' kinds: their descriptions, one module per group,
  // loaded when a document names one of its kinds (KubeVirt's are in kubevirt-docs.ts).
  const docModules: string[] = [];
  for (const [name, m] of Object.entries(modules)) {
    const names = [...reachable(all, m.defs)].filter((n) => !kvNames.has(n)).sort();
    if (!names.length) continue;
    docModules.push(name);
    const body = Object.fromEntries(names.map((n) => [n, forDocs(all[n]!)]));
    files[`docs-${name}.js`] = `${header(from)}// Completion and hover docs (${name}), as kubevirt-docs.ts: d description, q required, p properties {t, r, d, e, df}.\nexport const docs = ${JSON.stringify(body)};\n`;
    files[`docs-${name}.d.ts`] = `${header(from)}export declare const docs: Record<string, import('./kubevirt-docs.ts').DocDef>;\n`;
  }
  return {
    ...files,
    'modules.ts': `${header('scripts/commands/gen-schemas.ts')}// The lazily loaded validator modules, one per API group (static imports, so bundlers split them).\nexport const loaders: Record<string, () => Promise<Record<string, unknown>>> = {\n${lazy.map((m) => `  '${m}': () => import('./validators-${m}.js'),`).join('\n')}\n};\n`,
    'doc-modules.ts': `${header('scripts/commands/gen-schemas.ts')}// The completion and hover docs of the API groups beside KubeVirt's, one lazily loaded module per group.\nexport const docLoaders: Record<string, () => Promise<{ docs: Record<string, import('./kubevirt-docs.ts').DocDef> }>> = {\n${docModules.sort().map((m) => `  '${m}': () => import('./docs-${m}.js'),`).join('\n')}\n};\n`,
    'kinds.ts': kindsModule(src.kinds, from),
    'kubevirt-schema.ts': `${header(`../shared/schemas/${SWAGGER}`)}// Validation definitions: descriptions dropped, additionalProperties:false on every object.\nexport const definitions: Record<string, object> = ${JSON.stringify(valDefs)};\n`,
    'kubevirt-docs.ts': `${header(`../shared/schemas/${SWAGGER}`)}// Per definition: d description, q required, p properties {t type, r $ref, d description, e enum, df default}.\nexport interface DocProp { t?: string; r?: string; d?: string; e?: unknown[]; df?: unknown }\nexport interface DocDef { d?: string; q?: string[]; p: Record<string, DocProp> }\nexport const docs: Record<string, DocDef> = ${JSON.stringify(docDefs)};\n`,
    'cloud-config-schema.ts': `${header(`../shared/schemas/${CLOUD}`)}// Converted from JSON Schema draft-04 to what ajv 8 reads; descriptions dropped.\nexport const cloudConfigSchema: object = ${JSON.stringify(cloud)};\n`,
  };
}

export const USAGE = 'Usage: kvlab gen-schemas [--shared DIR] [--sources DIR]\nReads --shared (default ../shared/schemas: KubeVirt swagger, cloud-config) and --sources (default ../shared/schemas/upstream: Kubernetes, CDI, add-on CRDs) and writes validators/generated/.';

/** Pure: argv → the two source folders, or the one error to print (then exit 2). */
export function parseGenSchemasArgs(argv: string[]): ArgsResult<{ shared: string; sources: string; help: boolean }> {
  return parseCommandArgs(argv, { shared: { type: 'string' }, sources: { type: 'string' } }, (v) => {
    const shared = resolve(v.shared ?? join(root, '..', 'shared', 'schemas'));
    return { shared, sources: resolve(v.sources ?? join(shared, 'upstream')), help: v.help };
  });
}

export async function run(argv: string[]): Promise<number> {
  const args = argsOrExit('gen-schemas', parseGenSchemasArgs(argv), USAGE);
  if (typeof args === 'number') return args;
  const missing = [...[SWAGGER, CLOUD].filter((f) => !existsSync(join(args.shared, f))).map((f) => join(args.shared, f)), ...missingSources(args.sources).map((f) => join(args.sources, f))];
  if (missing.length) {
    console.error(`kvlab gen-schemas: ${missing[0]} not found${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}. The generator needs ../shared/schemas/ (or --shared DIR) and the upstream specs (--sources DIR, see docs/validators.md); the committed files in validators/generated/ are used as they are until then.`);
    return 2;
  }
  const out = join(root, 'validators', 'generated');
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(generate(args.shared, args.sources))) {
    writeFileSync(join(out, name), text);
    console.log(`wrote validators/generated/${name} (${(text.length / 1024).toFixed(0)} KB)`);
  }
  return 0;
}
