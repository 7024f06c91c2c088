// `kubectl edit TYPE NAME`: kubectl's editor round trip with the page's editor (ctx.edit). The
// object goes out as `kubectl edit` writes its temporary file (the header comment, then the
// object as `get -o yaml` shows it); what the trainee saves is judged as kubectl and the API
// server judge it (kubectl's editoptions.go): unchanged → "Edit cancelled, no changes made.",
// a syntax error or an invalid object → the editor again with the reasons in the header, the
// same text saved again → "error: Edit cancelled, no valid changes were saved.", a changed
// name/kind → refused; else the change is applied as a merge patch ("… edited"). Without an
// editor (the command line) it says so in one line.
import { parse as parseYaml, stringify } from 'yaml';
import type { CommandContext, EditRequest, Job, Result } from '../types.ts';
import type { DocumentResult } from '../../validators/types.ts';
import { isObj, type Obj } from '../../validators/raw.ts';
import type { Flags } from './flags.ts';
import { sortKeys } from './get.ts';
import { clone, oneTarget, writable, type Target } from './modify.ts';
import { objectOf } from './object.ts';
import { mergePatch } from './patch.ts';

export const NO_EDITOR = 'kvlab sandbox: kubectl edit opens the lab page\'s editor, and this shell has none ($EDITOR is not simulated); change the object with kubectl patch, or kubectl apply -f with a changed file';

const HEADER = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

interface Reason {
  head: string;
  other: string[];
}

/** kubectl's header, with the reasons the file came back (editHeader.writeTo). */
function header(reasons: Reason[]): string {
  const hash = (s: string) => s.replace(/\n(?!#)/g, '\n# ');
  return HEADER + reasons.map((r) => `# ${hash(r.head)}${r.other.length ? ':' : ''}\n${r.other.map((o) => `# * ${hash(o)}\n`).join('')}#\n`).join('');
}

/** Comment lines dropped (cmdutil.ManualStrip). */
export const manualStrip = (text: string) => text.split('\n').filter((l) => !(l.trim().startsWith('#') && !l.trim().startsWith('#!'))).join('\n');

/** What two saves are compared by (cmdutil.StripComments): the data when it parses, else the text without comments. */
function stripped(text: string): string {
  try {
    return JSON.stringify(sortKeys(parseYaml(text)));
  } catch {
    return manualStrip(text);
  }
}

const hasLines = (text: string) => text.split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('#'));

/** RFC 7386's patch from `a` to `b` (jsonpatch.CreateMergePatch): changed keys, removed ones null, lists whole; undefined when equal. */
export function mergeDiff(a: unknown, b: unknown): unknown {
  if (!isObj(a) || !isObj(b)) return JSON.stringify(a) === JSON.stringify(b) ? undefined : clone(b);
  const out: Obj = {};
  for (const k of Object.keys(a)) if (!(k in b)) out[k] = null;
  for (const [k, v] of Object.entries(b)) {
    const d = k in a ? mergeDiff(a[k], v) : clone(v);
    if (d !== undefined) out[k] = d;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The temporary file's name: /tmp/kubectl-edit-<digits>.yaml, as os.CreateTemp makes it (here from the object, so runs repeat). */
function tempFile(t: Target, now: number): string {
  let h = 2166136261;
  for (const c of `${t.stored.uid}/${now}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return `/tmp/kubectl-edit-${h}.yaml`;
}

type Verdict = { ok: true; start: string[] } | { ok: false; reason: Reason };

/** The API server's answer to the update: Invalid (schema, or a webhook's causes) with each cause, else accepted. */
function verdictOf(t: Target, results: DocumentResult[]): Verdict {
  const errors = results.flatMap((r) => r.findings).filter((f) => f.severity === 'error' && !/no matches for kind/.test(f.message));
  const refused = errors.filter((f) => f.stage !== 'start');
  if (refused.length) {
    const cause = (f: (typeof refused)[number]) => (f.path && !f.message.startsWith(`${f.path}:`) ? `${f.path}: ${f.message}` : f.message);
    return { ok: false, reason: { head: `${t.res.plural} "${t.stored.name}" was not valid`, other: refused.map(cause) } };
  }
  return { ok: true, start: errors.map((f) => f.message) };
}

export function edit(ctx: CommandContext, flags: Flags, ns: string): Result {
  const { target, code } = oneTarget(ctx, flags, 'edit', ns);
  if (!target) return code;
  const ask = ctx.edit;
  if (!ask) {
    ctx.io.out(`${NO_EDITOR}\n`);
    return 1;
  }
  const out = (s: string) => ctx.io.out(s);
  const shown = objectOf(ctx, target.res.kind, ns, target.stored.name) as Obj;
  if (isObj(shown.metadata)) delete (shown.metadata as Obj).managedFields;
  const originalObj = sortKeys(shown) as Obj;
  const original = header([]) + stringify(originalObj);
  const file = tempFile(target, ctx.sandbox.now);
  let session: ReturnType<NonNullable<CommandContext['edit']>> | undefined;
  let interrupted = false;

  const run = async (): Promise<number> => {
    let text = original;
    let containsError = false;
    let previous: string | undefined;
    for (;;) {
      const request: EditRequest = { file, object: `${target.res.singular}/${target.stored.name}`, text };
      session = ask(request);
      const saved = await session.saved;
      if (interrupted) return 130;
      // closing the editor without saving leaves the file as it was opened
      const edited = saved ?? text;
      const preserved = (err: string) => {
        out(`A copy of your changes has been stored to "${file}"\nerror: ${err}\n`);
        return 1;
      };
      if (containsError && previous !== undefined && stripped(previous) === stripped(edited)) return preserved('Edit cancelled, no valid changes were saved.');
      if (stripped(original) === stripped(edited)) {
        out('Edit cancelled, no changes made.\n');
        return 0;
      }
      if (!hasLines(edited)) {
        out('Edit cancelled, saved file was empty.\n');
        return 0;
      }
      previous = edited;
      let obj: unknown;
      try {
        obj = parseYaml(manualStrip(edited));
      } catch (e) {
        const err = e as Error & { linePos?: { line: number }[] };
        const line = err.linePos?.[0]?.line;
        containsError = true;
        text = header([{ head: `The edited file had a syntax error: error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ''}${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, other: [] }]) + manualStrip(edited);
        continue;
      }
      if (!isObj(obj)) {
        containsError = true;
        text = header([{ head: 'The edited file had a syntax error: Object \'Kind\' is missing in the edited file', other: [] }]) + manualStrip(edited);
        continue;
      }
      containsError = false;
      const meta = isObj(obj.metadata) ? obj.metadata : {};
      if (obj.apiVersion !== originalObj.apiVersion || obj.kind !== originalObj.kind || meta.name !== target.stored.name) return preserved('At least one of apiVersion, kind and name was changed');
      if (meta.namespace !== undefined && meta.namespace !== ns) return preserved(`the namespace from the provided object "${String(meta.namespace)}" does not match the namespace "${ns}". You must pass '--namespace=${String(meta.namespace)}' to perform this operation.`);
      const patch = mergeDiff(originalObj, obj);
      if (!isObj(patch)) {
        out(`${target.res.singular}/${target.stored.name} skipped\n`);
        return 0;
      }
      // the main resource ignores status and the server's own metadata (a subresource and the server set them)
      const { status: _status, ...body } = patch;
      if (isObj(body.metadata)) for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'namespace', 'managedFields']) delete (body.metadata as Obj)[k];
      const next = mergePatch(clone(target.stored.obj), body) as Obj;
      let verdict: Verdict;
      try {
        verdict = verdictOf(target, await ctx.validate(stringify(writable(next)), { file: `${target.res.singular}/${target.stored.name}` }));
      } catch (e) {
        out(`error: the sandbox's validators did not answer: ${(e as Error).message ?? e}\n`);
        return 1;
      }
      if (interrupted) return 130;
      if (!verdict.ok) {
        out(`error: ${target.res.plural} "${target.stored.name}" is invalid\n`);
        containsError = true;
        text = header([verdict.reason]) + manualStrip(edited);
        continue;
      }
      ctx.sandbox.apply(writable(next), verdict.start);
      out(`${target.res.singular}/${target.stored.name} edited\n`);
      return 0;
    }
  };
  const job: Job = {
    tick: () => undefined,
    input: () => undefined,
    interrupt() {
      interrupted = true;
      session?.close();
    },
    done: run(),
  };
  return job;
}
