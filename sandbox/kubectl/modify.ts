// What label, annotate, patch, scale and edit share: the object to change (only objects the
// sandbox stores; derived ones, a VMI or a launcher pod, say they are not simulated), and the
// write itself, judged by the validators as the API server and the webhooks judge an update.
import { stringify } from 'yaml';
import type { StoredObject } from '../sandbox.ts';
import type { CommandContext, Job, Result } from '../types.ts';
import type { DocumentResult } from '../../validators/types.ts';
import { isObj, type Obj } from '../../validators/raw.ts';
import { notSimulated } from './not-simulated.ts';
import { notFound, targets, type Resource } from './resources.ts';
import type { Flags } from './flags.ts';

/** Kinds the sandbox derives (no stored object to change). */
const DERIVED = new Set(['VirtualMachineInstance', 'Endpoints', 'Event']);

export interface Target {
  res: Resource;
  stored: StoredObject;
}

/** The TYPE NAME or TYPE/NAME of a command that changes one object; undefined after an error. */
export function oneTarget(ctx: CommandContext, flags: Flags, verb: string, ns: string, rest: string[] = []): { target?: Target; code: number; rest: string[] } {
  const { io } = ctx;
  const pos = flags.positional;
  const slash = pos[0]?.includes('/');
  const ts = targets(ctx, { ...flags, positional: slash ? [pos[0]!] : pos.slice(0, 2) }, verb);
  if (!ts) return { code: 1, rest };
  const after = pos.slice(slash ? 1 : 2);
  const t = ts[0]!;
  if (!t.name) {
    io.out(`error: resource(s) were provided, but no name was specified\n`);
    return { code: 1, rest: after };
  }
  const stored = ctx.sandbox.find(t.res.kind, ns, t.name);
  if (!stored) {
    const derivedPod = t.res.kind === 'Pod' && t.name.startsWith('virt-launcher-');
    if ((DERIVED.has(t.res.kind) || derivedPod) && derivedExists(ctx, t.res.kind, ns, t.name)) {
      io.out(`${notSimulated(`kubectl ${verb} of a ${t.res.kind} (the sandbox derives it from its VirtualMachine)`)}\n`);
      return { code: 1, rest: after };
    }
    io.out(`${notFound(t.res, t.name)}\n`);
    return { code: 1, rest: after };
  }
  return { target: { res: t.res, stored }, code: 0, rest: after };
}

function derivedExists(ctx: CommandContext, kind: string, ns: string, name: string): boolean {
  if (kind === 'VirtualMachineInstance') return !!ctx.sandbox.cluster.vmi(ns, name);
  if (kind === 'Pod') return ctx.sandbox.list('VirtualMachine', ns).some((v) => name.startsWith(`virt-launcher-${v.name}-`));
  return false;
}

/** The object as a writer sends it back: no status, no server-set metadata. */
export function writable(o: Obj): Obj {
  const { status: _s, ...rest } = o;
  const meta = isObj(o.metadata) ? { ...o.metadata } : {};
  for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields']) delete meta[k];
  return { ...rest, metadata: meta };
}

/**
 * Stores the changed object after the validators: `done` prints the success line. Refused as
 * the API server refuses an update (schema), or a webhook (admission); exit 1.
 */
export function write(ctx: CommandContext, t: Target, next: Obj, done: (changed: boolean) => string): Result {
  const text = stringify(writable(next));
  const finish = (results: DocumentResult[]): number => {
    const errors = results.flatMap((r) => r.findings).filter((f) => f.severity === 'error' && !/no matches for kind/.test(f.message));
    const schema = errors.filter((f) => f.stage === 'schema');
    const admission = errors.filter((f) => f.stage === 'admission');
    if (schema.length) {
      ctx.io.out(`The ${t.res.kind} "${t.stored.name}" is invalid: ${schema.length === 1 ? schema[0]!.message : `\n${schema.map((f) => `* ${f.message}`).join('\n')}`}\n`);
      return 1;
    }
    if (admission.length) {
      const webhook = t.res.kind === 'VirtualMachine' ? 'virtualmachine-validator.kubevirt.io' : '';
      ctx.io.out(webhook ? `Error from server: admission webhook "${webhook}" denied the request: ${admission.map((f) => f.message).join(', ')}\n` : `The ${t.res.kind} "${t.stored.name}" is invalid: ${admission.map((f) => f.message).join(', ')}\n`);
      return 1;
    }
    const start = errors.filter((f) => f.stage === 'start').map((f) => f.message);
    const verdict = ctx.sandbox.apply(writable(next), start);
    ctx.io.out(`${done(verdict !== 'unchanged')}\n`);
    return 0;
  };
  const answer = ctx.validate(text, { file: `${t.res.singular}/${t.stored.name}` });
  if (Array.isArray(answer)) return finish(answer);
  // the page's worker answers later: a job that ends by itself, as apply's
  let interrupted = false;
  const job: Job = {
    tick: () => undefined,
    input: () => undefined,
    interrupt: () => void (interrupted = true),
    done: answer.then(
      (r) => (interrupted ? 130 : finish(r)),
      (e: unknown) => {
        ctx.io.out(`error: the sandbox's validators did not answer: ${(e as Error).message ?? e}\n`);
        return 1;
      },
    ),
  };
  return job;
}

/** A deep copy (objects from the store are shared). */
export const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));
