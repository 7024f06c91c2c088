/// <reference types="vite/client" />
// The project's own validators, off the main thread: typing never waits for a parse, and the
// terminal's kubectl apply never freezes the page. Answers validate / warm / complete / hover /
// check requests (see protocol.ts). The validator modules are
// loaded through import.meta.glob so the site still builds in a checkout where one is missing;
// a request then gets an error saying which module is absent.
import type { CompletionData, Envelope, HoverData, Reply, Request, SimulateData, TaskResultData } from './protocol.ts';
import type { SimSummary } from '../../simulator/simulate.ts';
import type { TimelineParts } from '../../simulator/timeline.ts';
import type { DocumentResult } from '../../validators/types.ts';

type Loader = () => Promise<Record<string, unknown>>;
// Only the core kinds' validators load with validators/index.ts here; cloud-config's and the other
// KubeVirt kinds' load when a document needs them (validators/compiled.ts). Set before any
// validator module is imported (they are all imported dynamically below).
(globalThis as { kvlabLazyValidators?: boolean }).kvlabLazyValidators = true;
const modules = import.meta.glob(['../../validators/index.ts', '../../validators/completion.ts', '../../validators/check.ts', '../../validators/compiled.ts']) as Record<string, Loader>;
// The simulator judges behaviour requirements ("Ready between 150 s and 260 s") when present.
const simulators = import.meta.glob(['../../simulator/index.ts']) as Record<string, Loader>;

async function simulateFn(): Promise<unknown> {
  const loader = simulators['../../simulator/index.ts'];
  if (!loader) return undefined;
  try {
    const mod = await loader();
    return typeof mod.simulate === 'function' ? mod.simulate : undefined;
  } catch {
    return undefined;
  }
}

async function load(name: 'index' | 'completion' | 'check' | 'compiled'): Promise<Record<string, unknown>> {
  const loader = modules[`../../validators/${name}.ts`];
  if (!loader) throw new Error(`validators/${name}.ts is not part of this build`);
  return loader();
}

function fn<T extends (...args: never[]) => unknown>(mod: Record<string, unknown>, name: string): T {
  const f = mod[name];
  if (typeof f !== 'function') throw new Error(`validators module has no function ${name}()`);
  return f as T;
}

// Accepts the validators' completion items in the shapes they may take (documentation as a
// string or {value}, a range as offsets) and hands the editor one plain shape.
function toCompletion(item: Record<string, unknown>): CompletionData {
  const doc = item.documentation as string | { value?: string } | undefined;
  const range = item.range as { start?: number; end?: number } | undefined;
  return {
    label: String(item.label ?? item.name ?? ''),
    kind: typeof item.kind === 'string' ? item.kind : undefined,
    detail: typeof item.detail === 'string' ? item.detail : undefined,
    documentation: typeof doc === 'string' ? doc : doc?.value,
    insertText: typeof item.insertText === 'string' ? item.insertText : undefined,
    replaceStart: typeof range?.start === 'number' ? range.start : undefined,
    replaceEnd: typeof range?.end === 'number' ? range.end : undefined,
  };
}

/** Runs `run` with the validators `texts` need loaded; a kind the quick scan missed (flow style)
 *  loads every validator and runs it again. */
async function withValidators<T>(texts: string[], run: () => T): Promise<T> {
  const compiled = await load('compiled');
  await fn<(t: string[]) => Promise<void>>(compiled, 'ensureValidatorsFor')(texts);
  try {
    return run();
  } catch (e) {
    if (!(e instanceof (compiled.ValidatorNotLoaded as ErrorConstructor))) throw e;
    await fn<() => Promise<void>>(compiled, 'loadAllValidators')();
    return run();
  }
}

async function validate(text: string, opts: { file?: string; userData?: { text: string; file?: string }[] }): Promise<DocumentResult[]> {
  const validateText = fn<(t: string, o: unknown) => DocumentResult[]>(await load('index'), 'validateText');
  return withValidators([text, ...(opts.userData ?? []).map((u) => u.text)], () => validateText(text, opts));
}

async function handle(req: Request): Promise<unknown> {
  switch (req.type) {
    case 'validate':
      return validate(req.text, { file: req.file, userData: req.userData });
    case 'warm':
      // the terminal opened: its files' validators load (and run once) before the first apply
      await Promise.all([load('index'), load('compiled')]);
      for (const text of req.texts) await validate(text, {}).catch(() => undefined);
      return undefined;
    case 'complete': {
      const completionsAt = fn<(t: string, o: number) => Record<string, unknown>[]>(await load('completion'), 'completionsAt');
      return (completionsAt(req.text, req.offset) ?? []).map(toCompletion);
    }
    case 'hover': {
      const hoverAt = fn<(t: string, o: number) => Record<string, unknown> | undefined>(await load('completion'), 'hoverAt');
      const h = hoverAt(req.text, req.offset);
      if (!h || typeof h.markdown !== 'string') return undefined;
      const range = h.range as { start?: number; end?: number } | undefined;
      const out: HoverData = { markdown: h.markdown, start: range?.start, end: range?.end };
      return out;
    }
    case 'simulate': {
      const sim = simulators['../../simulator/index.ts'];
      if (!sim) throw new Error('simulator/index.ts is not part of this build');
      const simulate = fn<(i: unknown) => { timeline: { toParts(): TimelineParts }; summary: SimSummary }>(await sim(), 'simulate');
      const { input } = req;
      let r;
      try {
        r = await withValidators([input.vm, ...(input.userData !== undefined ? [input.userData] : [])], () => simulate(input));
      } catch (e) {
        const findings = (e as { findings?: { line: number; column: number; message: string }[] }).findings;
        const out: SimulateData = findings ? { ok: false, findings: findings.map(({ line, column, message }) => ({ line, column, message })) } : { ok: false, error: e instanceof Error ? e.message : String(e) };
        return out;
      }
      const out: SimulateData = { ok: true, timeline: r.timeline.toParts(), summary: r.summary };
      return out;
    }
    case 'check': {
      const checkTask = fn<(t: unknown, f: Record<string, string>, o: unknown) => TaskResultData>(await load('check'), 'checkTask');
      await fn<() => Promise<void>>(await load('compiled'), 'loadAllValidators')();
      return checkTask(req.task, req.files, { simulate: await simulateFn() });
    }
  }
}

self.onmessage = async (e: MessageEvent<Envelope>) => {
  const { id, ...req } = e.data;
  let reply: Reply;
  try {
    reply = { id, ok: true, result: await handle(req as Request) };
  } catch (err) {
    reply = { id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  // a simulated timeline's arrays move to the page instead of being copied
  const r = reply.ok ? (reply.result as { timeline?: TimelineParts } | undefined) : undefined;
  (self as unknown as Worker).postMessage(reply, r?.timeline ? [r.timeline.times.buffer, r.timeline.refs.buffer] : []);
};
