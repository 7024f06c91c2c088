// `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`: RFC 7386 merge patches, RFC 6902
// JSON patches, and strategic merge patches for built-in kinds (lists of named items merge by
// name). A custom resource (KubeVirt, CDI) refuses a strategic patch as its API server does.
import { parse as parseYaml } from 'yaml';
import type { CommandContext, Result } from '../types.ts';
import { isObj, type Obj } from '../../validators/raw.ts';
import type { Flags } from './flags.ts';
import { clone, oneTarget, write } from './modify.ts';

export class PatchError extends Error {}

export function mergePatch(target: unknown, patch: unknown, strategic = false): unknown {
  if (!isObj(patch)) return clone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (strategic && Array.isArray(v) && Array.isArray(out[k]) && v.every((x) => isObj(x) && typeof x.name === 'string')) {
      const merged = [...(out[k] as unknown[])];
      for (const item of v as Obj[]) {
        const i = merged.findIndex((m) => isObj(m) && m.name === item.name);
        if (i >= 0) merged[i] = mergePatch(merged[i], item, true);
        else merged.push(clone(item));
      }
      out[k] = merged;
    } else out[k] = mergePatch(out[k], v, strategic);
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`JSON pointer must be empty or start with a "/": ${path}`);
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, parts: string[], op: string, path: string): { parent: Obj | unknown[]; key: string } {
  let cur: unknown = doc;
  for (const p of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObj(cur) && p in cur) cur = cur[p];
    else throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  if (!Array.isArray(cur) && !isObj(cur)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return { parent: cur, key: parts[parts.length - 1]! };
}

function getAt(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const p of pointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObj(cur) && p in cur) cur = cur[p];
    else throw new PatchError(`doc is missing path: "${path}"`);
  }
  return cur;
}

/** RFC 6902 (the operations evanphx/json-patch applies for the API server). */
export function jsonPatch(doc: Obj, ops: unknown): Obj {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out: unknown = clone(doc);
  for (const raw of ops) {
    if (!isObj(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw new PatchError('Unexpected kind: <nil>');
    const { op, path } = raw as { op: string; path: string };
    const parts = pointer(path);
    if (op === 'test') {
      if (JSON.stringify(getAt(out, path)) !== JSON.stringify(raw.value)) throw new PatchError(`testing value ${path} failed: test failed`);
      continue;
    }
    if (!parts.length) {
      if (op === 'replace' || op === 'add') out = clone(raw.value);
      continue;
    }
    let value = clone(raw.value);
    if (op === 'move' || op === 'copy') {
      if (typeof raw.from !== 'string') throw new PatchError(`${op} operation missing from`);
      value = clone(getAt(out, raw.from));
      if (op === 'move') {
        const f = parentOf(out, pointer(raw.from), 'move', raw.from);
        if (Array.isArray(f.parent)) f.parent.splice(Number(f.key), 1);
        else delete f.parent[f.key];
      }
    }
    const { parent, key } = parentOf(out, parts, op, path);
    if (Array.isArray(parent)) {
      const i = key === '-' ? parent.length : Number(key);
      if (!Number.isInteger(i) || i < 0 || i > parent.length || (op !== 'add' && op !== 'move' && op !== 'copy' && i >= parent.length)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": invalid index`);
      if (op === 'remove') parent.splice(i, 1);
      else if (op === 'replace') parent[i] = value;
      else if (op === 'add' || op === 'move' || op === 'copy') parent.splice(i, 0, value);
      else throw new PatchError(`Unexpected kind: ${op}`);
    } else {
      if ((op === 'remove' || op === 'replace') && !(key in parent)) throw new PatchError(`${op} operation does not apply: doc is missing key: ${path}: missing value`);
      if (op === 'remove') delete parent[key];
      else if (op === 'replace' || op === 'add' || op === 'move' || op === 'copy') parent[key] = value;
      else throw new PatchError(`Unexpected kind: ${op}`);
    }
  }
  return out as Obj;
}

export function patch(ctx: CommandContext, flags: Flags, ns: string): Result {
  const { io } = ctx;
  const type = flags.patchType ?? 'strategic';
  if (!['json', 'merge', 'strategic'].includes(type)) {
    io.out(`error: --type must be one of [json merge strategic], not "${type}"\n`);
    return 1;
  }
  if (flags.patch === undefined) {
    io.out('error: must specify --patch or --patch-file containing the contents of the patch\n');
    return 1;
  }
  const { target, code } = oneTarget(ctx, flags, 'patch', ns);
  if (!target) return code;
  let body: unknown;
  try {
    body = parseYaml(flags.patch);
  } catch (e) {
    io.out(`error: unable to parse "${flags.patch}": yaml: ${(e as Error).message.split('\n')[0]}\n`);
    return 1;
  }
  if (type === 'strategic' && target.res.group.includes('.') && !target.res.group.endsWith('k8s.io')) {
    // a custom resource: its API server offers merge and JSON patches only
    io.out('Error from server (UnsupportedMediaType): the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n');
    return 1;
  }
  let next: Obj;
  try {
    next = type === 'json' ? jsonPatch(target.stored.obj, body) : (mergePatch(target.stored.obj, body, type === 'strategic') as Obj);
  } catch (e) {
    io.out(type === 'json' ? `The request is invalid: the server rejected our request due to an error in our request\n` : `error: ${(e as Error).message}\n`);
    return 1;
  }
  if (!isObj(next) || next.kind !== target.stored.obj.kind || !isObj(next.metadata) || (next.metadata as Obj).name !== target.stored.name) {
    io.out('The request is invalid: the server rejected our request due to an error in our request\n');
    return 1;
  }
  return write(ctx, target, next, (changed) => `${target.res.singular}/${target.stored.name} patched${changed ? '' : ' (no change)'}`);
}
