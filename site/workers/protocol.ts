// Messages between the editor (main thread) and the validator worker. Every request carries an
// id; the worker answers each with the same id, either a result or an error message.
import type { DocumentResult } from '../../validators/types.ts';
import type { SimSummary } from '../../simulator/simulate.ts';
import type { TimelineParts } from '../../simulator/timeline.ts';

/** What the editor needs of a completion item (a subset of validators/completion.ts's). */
export interface CompletionData {
  label: string;
  /** 'property' | 'enum' | 'value' | …: mapped to a Monaco kind. */
  kind?: string;
  detail?: string;
  documentation?: string;
  insertText?: string;
  /** 0-based offsets of the text the item replaces; the word at the cursor when absent. */
  replaceStart?: number;
  replaceEnd?: number;
}

export interface HoverData {
  markdown: string;
  /** 0-based offsets of the hovered word, when known. */
  start?: number;
  end?: number;
}

export interface RequirementData {
  text: string;
  passed: boolean;
  /** Not evaluated (a behaviour requirement without the simulator); never a failure. */
  skipped?: boolean;
  /** What was found instead, in a few words. */
  detail?: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface TaskResultData {
  id: string;
  title: string;
  passed: boolean;
  checked?: boolean;
  requirements: RequirementData[];
}

export type Request =
  | { type: 'validate'; text: string; file: string; userData?: { text: string; file?: string }[] }
  | { type: 'complete'; text: string; offset: number }
  | { type: 'hover'; text: string; offset: number }
  | { type: 'check'; task: unknown; files: Record<string, string> }
  /** Load the validators these texts need and run them once, so the next validate is quick. */
  | { type: 'warm'; texts: string[] }
  /** The simulator island's run (simulator/simulate.ts), off the main thread. */
  | { type: 'simulate'; input: { vm: string; userData?: string; scenario: unknown[]; until: number; file: string } };

/** A simulate() result as it crosses from the worker: the compact timeline, or the input's findings. */
export type SimulateData =
  | { ok: true; timeline: TimelineParts; summary: SimSummary }
  | { ok: false; findings?: { line: number; column: number; message: string }[]; error?: string };

export type ResultOf<R extends Request> = R extends { type: 'validate' }
  ? DocumentResult[]
  : R extends { type: 'complete' }
    ? CompletionData[]
    : R extends { type: 'hover' }
      ? HoverData | undefined
      : R extends { type: 'warm' }
        ? void
        : R extends { type: 'simulate' }
          ? SimulateData
          : TaskResultData;

export type Envelope = { id: number } & Request;
export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
