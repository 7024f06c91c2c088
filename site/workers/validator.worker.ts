/// <reference types="vite/client" />
// The project's own validators, off the main thread: typing never waits for a parse, and the
// terminal's kubectl apply never freezes the page. One typed handler per call of protocol.ts.
// The cores load on first use (dynamic import, one chunk each); only the core kinds' validators
// come with validators/index.ts, cloud-config's and the other KubeVirt kinds' when a document
// needs them (validators/registry.ts's ensureValidatorsFor).
import type { ClusterProfile } from '../../validators/profile.ts';
import type { Calls, CallName, Envelope, Reply, SimulateData } from './protocol.ts';
import type { TimelineParts } from '../../simulator/timeline.ts';

const registry = () => import('../../validators/registry.ts');
const validators = () => import('../../validators/index.ts');
const positioned = () => import('../../validators/positioned-reader.ts');

/** Runs `run` with the validators `texts` need loaded. What the quick scan could not foresee is
 *  loaded when `run` asks for it, and `run` runs again: the positioned reader (a text with a YAML
 *  error, or a finding the quick locator cannot place), or every validator (a kind in flow style). */
async function withValidators<T>(texts: string[], run: () => T): Promise<T> {
  const [reg, reader] = await Promise.all([registry(), positioned()]);
  await reg.ensureValidatorsFor(texts);
  for (let attempt = 0; ; attempt++) {
    try {
      return run();
    } catch (e) {
      if (!(e instanceof reg.ValidatorNotLoaded) || attempt >= 2) throw e;
      await (e.name === reader.POSITIONED_READER ? reader.loadPositionedReader() : reg.loadAllValidators());
    }
  }
}

/** The page's cluster profile, once the page sends its params (absent: kvlab's default profile). */
let profile: ClusterProfile | undefined;

async function validate(req: Calls['validate']['req']) {
  const { validateText } = await validators();
  return withValidators([req.text, ...(req.userData ?? []).map((u) => u.text)], () => validateText(req.text, { file: req.file, userData: req.userData, ...(req.related ? { related: req.related } : {}), ...(profile ? { profile } : {}) }));
}

type Handlers = { [K in CallName]: (req: Calls[K]['req']) => Promise<Calls[K]['res']> };

const handlers: Handlers = {
  validate,
  async profile({ params }) {
    const { profileFromParams } = await import('../../validators/profile.ts');
    profile = profileFromParams(params).profile;
  },
  async warm({ texts }) {
    // the terminal opened: its files' validators load (and run once) before the first apply
    for (const text of texts) await validate({ text, file: '' }).catch(() => undefined);
  },
  async complete({ text, offset }) {
    const { completionsAt, ensureDocsFor } = await import('../../validators/completion.ts');
    await ensureDocsFor(text); // the docs of the document's API group (KubeVirt's come with the module)
    return completionsAt(text, offset);
  },
  async hover({ text, offset }) {
    const { hoverAt, ensureDocsFor } = await import('../../validators/completion.ts');
    await ensureDocsFor(text);
    return hoverAt(text, offset);
  },
  async simulate({ input }) {
    const { simulate } = await import('../../simulator/index.ts');
    try {
      const r = await withValidators([input.vm, ...(input.userData !== undefined ? [input.userData] : [])], () => simulate(input));
      return { ok: true, timeline: r.timeline.toParts(), summary: r.summary } satisfies SimulateData;
    } catch (e) {
      const findings = (e as { findings?: { line: number; column: number; message: string }[] }).findings;
      if (findings) return { ok: false, findings: findings.map(({ line, column, message }) => ({ line, column, message })) };
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  },
  async check({ task, files }) {
    const [{ checkTask }, { simulate }, reg, reader] = await Promise.all([import('../../exercises/check.ts'), import('../../simulator/index.ts'), registry(), positioned()]);
    await Promise.all([reg.loadAllValidators(), reader.loadPositionedReader()]);
    return checkTask(task, files, { simulate, ...(profile ? { profile } : {}) });
  },
};

function handle<K extends CallName>(req: { type: K } & Calls[K]['req']): Promise<Calls[K]['res']> {
  return (handlers[req.type] as (r: Calls[K]['req']) => Promise<Calls[K]['res']>)(req);
}

self.onmessage = async (e: MessageEvent<Envelope>) => {
  const { id, ...req } = e.data;
  let reply: Reply;
  try {
    reply = { id, ok: true, result: await handle(req) };
  } catch (err) {
    reply = { id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  // a simulated timeline's arrays move to the page instead of being copied
  const r = reply.ok ? (reply.result as { timeline?: TimelineParts } | undefined) : undefined;
  (self as unknown as Worker).postMessage(reply, r?.timeline ? [r.timeline.times.buffer, r.timeline.refs.buffer] : []);
};
