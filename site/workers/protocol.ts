// The contract between the page (main thread) and its validator worker: one entry per call,
// each naming its request fields and its result type, taken from the cores that compute them
// (no copies). validator-client.ts's request() and the worker's handlers are both typed by it,
// so a call the worker does not answer, or a result of the wrong shape, fails to compile.
import type { DocumentResult } from '../../validators/types.ts';
import type { CompletionItem, Hover } from '../../validators/completion.ts';
import type { TaskResult } from '../../exercises/check.ts';
import type { ResolvedTask } from '../../exercises/types.ts';
import type { SimSummary, SimulateInput as SimInput } from '../../simulator/simulate.ts';
import type { TimelineParts } from '../../simulator/timeline.ts';

/** A simulate() result as it crosses from the worker: the compact timeline, or the input's findings. */
export type SimulateData =
  | { ok: true; timeline: TimelineParts; summary: SimSummary }
  | { ok: false; findings?: { line: number; column: number; message: string }[]; error?: string };

/** What the island sends: simulator/simulate.ts's input, as plain data (no timings, no seed). */
export type SimulateInput = Pick<SimInput, 'vm' | 'userData' | 'scenario' | 'until' | 'file'>;

export interface Calls {
  validate: { req: { text: string; file: string; userData?: { text: string; file?: string }[]; related?: unknown[] }; res: DocumentResult[] };
  complete: { req: { text: string; offset: number }; res: CompletionItem[] };
  hover: { req: { text: string; offset: number }; res: Hover | undefined };
  check: { req: { task: ResolvedTask; files: Record<string, string> }; res: TaskResult };
  /** The training's cluster profile (its site params' `kvlab.profile`): what validate and check judge against from now on. */
  profile: { req: { params: Record<string, unknown> }; res: void };
  /** Load the validators these texts need and run them once, so the next validate is quick. */
  warm: { req: { texts: string[] }; res: void };
  /** The simulator island's run (simulator/simulate.ts), off the main thread. */
  simulate: { req: { input: SimulateInput }; res: SimulateData };
}

export type CallName = keyof Calls;
export type Request = { [K in CallName]: { type: K } & Calls[K]['req'] }[CallName];
export type ResultOf<R extends Request> = Calls[R['type']]['res'];

export type Envelope = { id: number } & Request;
export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
