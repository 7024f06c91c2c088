// Scenario files: a YAML list of `{at, action, port?, interval?, timeout?}` steps, plus an
// optional `{timings: {name: seconds}}` item that overrides simulator/timings.ts defaults.
import { LineCounter, parseDocument, isSeq, isMap, type Node } from 'yaml';
import { timingNames, type Timings } from './timings.ts';
import type { ScenarioAction, ScenarioStep } from './types.ts';

export const ACTIONS: ScenarioAction[] = ['stop-server', 'start-server', 'remove-guest-agent', 'hang-guest', 'start-watchdog-feeder', 'stop-watchdog-feeder', 'restart'];

export interface ScenarioProblem {
  line: number;
  column: number;
  message: string;
}

export interface Scenario {
  steps: ScenarioStep[];
  timings: Partial<Timings>;
}

export class ScenarioError extends Error {
  constructor(readonly problems: ScenarioProblem[], file = 'scenario') {
    super(problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
  }
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Check plain objects (as a parsed file or an exercise gives them); problems point at items by index. */
export function scenarioFromObjects(items: unknown[], where: (i: number, key?: string) => { line: number; column: number } = () => ({ line: 1, column: 1 })): Scenario {
  const problems: ScenarioProblem[] = [];
  const steps: ScenarioStep[] = [];
  const timings: Partial<Timings> = {};
  const bad = (i: number, key: string | undefined, message: string) => problems.push({ ...where(i, key), message });
  items.forEach((it, i) => {
    if (typeof it !== 'object' || it === null || Array.isArray(it)) return bad(i, undefined, `item ${i + 1} must be a mapping like {at: 400, action: stop-server, port: 8081}`);
    const o = it as Record<string, unknown>;
    if ('timings' in o) {
      const t = o.timings;
      if (typeof t !== 'object' || t === null || Array.isArray(t)) return bad(i, 'timings', 'timings must map names to seconds');
      for (const [k, v] of Object.entries(t)) {
        if (!(timingNames as string[]).includes(k)) bad(i, 'timings', `unknown timing "${k}"; known: ${timingNames.join(', ')}`);
        else if (!isNum(v) || v < 0) bad(i, 'timings', `timing ${k} must be a number of seconds ≥ 0`);
        else timings[k as keyof Timings] = v;
      }
      return;
    }
    for (const k of Object.keys(o)) if (!['at', 'action', 'port', 'interval', 'timeout'].includes(k)) bad(i, k, `unknown key "${k}" (a step has at, action, port, interval, timeout)`);
    if (!isNum(o.at) || o.at < 0) bad(i, 'at', 'at must be a number of seconds ≥ 0 since the VM was started');
    if (typeof o.action !== 'string' || !(ACTIONS as string[]).includes(o.action)) bad(i, 'action', `action must be one of ${ACTIONS.join(', ')}`);
    if (o.port !== undefined && (!Number.isInteger(o.port) || (o.port as number) < 1 || (o.port as number) > 65535)) bad(i, 'port', 'port must be an integer 1–65535');
    for (const k of ['interval', 'timeout'] as const) if (o[k] !== undefined && (!isNum(o[k]) || (o[k] as number) <= 0)) bad(i, k, `${k} must be a number of seconds > 0`);
    if (problems.length) return;
    const s: ScenarioStep = { at: o.at as number, action: o.action as ScenarioAction };
    if (o.port !== undefined) s.port = o.port as number;
    if (o.interval !== undefined) s.interval = o.interval as number;
    if (o.timeout !== undefined) s.timeout = o.timeout as number;
    steps.push(s);
  });
  if (problems.length) throw new ScenarioError(problems);
  steps.sort((a, b) => a.at - b.at);
  return { steps, timings };
}

/** Parse a scenario file's text; errors carry line:column. */
export function parseScenario(text: string, file = 'scenario'): Scenario {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const p = lc.linePos(e.pos[0]);
    throw new ScenarioError([{ line: p.line, column: p.col, message: `not valid YAML: ${e.message.split('\n')[0]}` }], file);
  }
  const root = doc.contents as Node | null;
  if (root === null || root === undefined) return { steps: [], timings: {} };
  if (!isSeq(root)) {
    const p = lc.linePos(root.range?.[0] ?? 0);
    throw new ScenarioError([{ line: p.line, column: p.col, message: 'a scenario is a YAML list of steps: - {at: 400, action: stop-server, port: 8081}' }], file);
  }
  const where = (i: number, key?: string) => {
    const item = root.items[i] as Node | undefined;
    let node: Node | undefined = item;
    if (key && item && isMap(item)) {
      const pair = item.items.find((x) => (x.key as { value?: unknown } | null)?.value === key);
      node = (pair?.key as Node | undefined) ?? item;
    }
    const p = lc.linePos(node?.range?.[0] ?? 0);
    return { line: p.line, column: p.col };
  };
  try {
    return scenarioFromObjects(doc.toJS() as unknown[], where);
  } catch (e) {
    if (e instanceof ScenarioError) throw new ScenarioError(e.problems, file);
    throw e;
  }
}
