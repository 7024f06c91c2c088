// Schema stage: the webhook's "schema step" (swagger definitions with additionalProperties:false
// injected, as KubeVirt's CreateOpenAPIValidator does) and the API server's strict decoding,
// with ajv over the generated definitions (precompiled, one module per API group: registry.ts).
import type { ErrorObject } from 'ajv';
import { groupDefinition, validatorFor as compiledValidator, type Validator } from './registry.ts';
import { definitions } from './generated/kubevirt-schema.ts';
import { kinds, kindVersions } from './generated/kinds.ts';
import { clusterPath, dottedPath, type PathSeg } from './spans.ts';
import { isObj, type RawFinding } from './raw.ts';
import { closest } from './edit-distance.ts';

export type { Validator };

/** The precompiled validator of a kind at an apiVersion (default: its preferred one; see
 *  registry.ts: most load on demand). */
export function validatorFor(kind: string, apiVersion = kinds[kind]?.apiVersion ?? ''): Validator | undefined {
  const e = kindVersions[kind]?.[apiVersion];
  return e ? compiledValidator(e.validator) : undefined;
}

type Def = { $ref?: string; properties?: Record<string, Def>; items?: Def; additionalProperties?: Def | boolean };

function deref(d: Def | undefined): Def | undefined {
  let x = d;
  for (let i = 0; x?.$ref && i < 20; i++) {
    const name = x.$ref.replace('#/definitions/', '');
    x = ((definitions as Record<string, Def>)[name] ?? groupDefinition(name)) as Def | undefined;
  }
  return x;
}

/** Field names the schema allows at `path` of a `kind` document (for did-you-mean hints). */
export function propsAt(kind: string, path: PathSeg[], apiVersion = kinds[kind]?.apiVersion ?? ''): string[] {
  const k = kindVersions[kind]?.[apiVersion];
  if (!k) return [];
  let d = deref({ $ref: `#/definitions/${k.def}` });
  for (const seg of path) {
    if (!d) return [];
    if (typeof seg === 'number') d = deref(d.items);
    else d = deref(d.properties?.[seg] ?? (typeof d.additionalProperties === 'object' ? d.additionalProperties : undefined));
  }
  return Object.keys(d?.properties ?? {});
}

function pointerToPath(p: string): PathSeg[] {
  if (!p) return [];
  return p.slice(1).split('/').map((s) => {
    const u = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(u) ? Number(u) : u;
  });
}

function goType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function valueAt(obj: unknown, path: PathSeg[]): unknown {
  let cur = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

export function suggest(word: string, options: string[]): string | undefined {
  return closest(word, options, Math.max(2, Math.floor(word.length / 3)));
}

function mapError(e: ErrorObject, obj: unknown, kind: string, apiVersion: string): RawFinding | undefined {
  const version = apiVersion.split('/').pop() || 'v1';
  const at = pointerToPath(e.instancePath);
  const shown = dottedPath(at);
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      const path = [...at, prop];
      const allowed = propsAt(kind, at, apiVersion);
      const close = suggest(prop, allowed);
      return {
        stage: 'schema', severity: 'error', path, anchor: 'key',
        message: `${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: unknown field "${clusterPath(path)}"`, // sigs.k8s.io/json: containers[0].x
        hint: close ? `Did you mean "${close}"?` : allowed.length ? `Fields allowed here: ${allowed.join(', ')}.` : 'This object takes no fields here; remove it.',
      };
    }
    case 'required': {
      const prop = (e.params as { missingProperty: string }).missingProperty;
      const path = [...at, prop];
      return {
        stage: 'schema', severity: 'error', path, anchor: 'key',
        message: `${dottedPath(path)} in body is required`,
        hint: `Add \`${prop}:\` under ${shown || 'the document root'}.`,
      };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const v = valueAt(obj, at);
      const close = typeof v === 'string' ? suggest(v, allowed.map(String)) : undefined;
      return {
        stage: 'schema', severity: 'error', path: at, anchor: 'value',
        message: `${shown} in body should be one of [${allowed.join(' ')}]`,
        hint: close ? `Did you mean "${close}"?` : `Use one of: ${allowed.join(', ')}.`,
      };
    }
    case 'type': {
      const want = (e.params as { type: string | string[] }).type;
      const v = valueAt(obj, at);
      const wantS = Array.isArray(want) ? want.join(' or ') : want;
      const shownV = typeof v === 'object' ? goType(v) : String(v);
      let hint = `Write a value of type ${wantS}.`;
      if ((want === 'integer' || want === 'number') && typeof v === 'string' && /^-?\d+$/.test(v)) hint = `Remove the quotes: ${v} (a quoted number is a string in YAML).`;
      if (want === 'string' && (typeof v === 'number' || typeof v === 'boolean')) hint = `Quote it: "${String(v)}".`;
      return {
        stage: 'schema', severity: 'error', path: at, anchor: 'value',
        message: `${shown} in body must be of type ${wantS}: "${shownV}"`,
        hint,
      };
    }
    default:
      return { stage: 'schema', severity: 'error', path: at, anchor: 'value', message: `${shown} in body ${e.message ?? 'is invalid'}` };
  }
}

/** Schema findings for one parsed document (an object with a known kind, at a served apiVersion;
 *  without one, the kind's preferred version). */
export function schemaStage(obj: Record<string, unknown>, kind: string): RawFinding[] {
  const k = kinds[kind];
  if (!k) return [];
  const apiVersion = kindVersions[kind]?.[String(obj.apiVersion)] ? String(obj.apiVersion) : k.apiVersion;
  const validate = validatorFor(kind, apiVersion);
  if (!validate || validate(obj as unknown)) return [];
  let errors = validate.errors ?? [];
  // The API server takes `key: null` (`annotations:` left empty) as the key left out: Go's JSON
  // decoding leaves the field unset, and a CRD's non-nullable nulls are pruned before validation
  // (apiextensions-apiserver structural pruning). So judge the object without them, only when an
  // error stands on a null (the clean path pays nothing).
  if (errors.some((e) => valueAt(obj, pointerToPath(e.instancePath)) === null)) {
    if (validate(withoutNulls(obj))) return [];
    errors = validate.errors ?? [];
  }
  const out: RawFinding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // A union type (IntOrString) that failed reports a type error per branch; one is enough.
    const f = mapError(e, obj, kind, apiVersion);
    if (!f) continue;
    const key = `${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** A copy without the mapping keys whose value is null (list items stay: a null item is refused). */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
  return out;
}

export function knownKind(kind: string): boolean {
  return kinds[kind] !== undefined;
}

/** The kind's preferred apiVersion. */
export function apiVersionOf(kind: string): string | undefined {
  return kinds[kind]?.apiVersion;
}

/** The component (Kubernetes, KubeVirt, CDI, …) that serves the kind. */
export function componentOf(kind: string): (typeof kinds)[string]['component'] | undefined {
  return kinds[kind]?.component;
}

export { isObj };
