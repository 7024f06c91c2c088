// The exercise format: what a lab's exercise file (exercises/<slug>.yaml) says, and what
// resolveLab makes of it once the lab page is rendered for one variant (ResolvedLab: the JSON
// the browser editor fetches, and what `kvlab check` and `kvlab lint` work on).
// The schema of the written form is exercises/schema.ts; README.md documents it for authors.

/** Picks one code block of the rendered page (see README "Code block selectors"). */
export interface BlockSelector {
  /** Task id whose section holds the block ("1".."5"); omit for blocks outside numbered tasks. */
  task?: string;
  /** Title of the enclosing details shortcode, or false for "not inside any details". */
  details?: string | false;
  lang?: string;
  /** Substring the block's text must contain ({{param}} substituted). */
  contains?: string;
}

/** Where a file's content comes from. */
export type ContentSource =
  | 'previous' // the latest earlier task's solution of this file (the default start)
  | 'empty' // the file does not exist yet
  | { block: BlockSelector }
  | { text: string };

export interface TaskFileSpec {
  /** Key into the exercise file's `files` map. */
  file: string;
  start?: ContentSource;
  /** Default: the yaml block inside the task's details "Task hint: Solution". */
  solution?: ContentSource;
}

export type EventMatch = {
  source?: string;
  type: string;
  detail?: Record<string, unknown>;
};

/** One assertion on the simulated timeline. */
export type BehaviourExpect =
  | { first: EventMatch; between: [number, number] }
  | { none: EventMatch; after?: number; before?: number }
  | { count: EventMatch; min?: number; max?: number; after?: number; before?: number };

export interface BehaviourSpec {
  until: number;
  scenario?: Record<string, unknown>[];
  expect: BehaviourExpect[];
}

export type RequirementKind = 'equals' | 'exists' | 'absent' | 'oneOf' | 'validatesClean' | 'behaviour';

/** A requirement as the exercise file writes it: exactly one of the kind keys. */
export interface RequirementSpec {
  /** The sentence the trainee sees when the requirement fails. */
  text: string;
  /** Key into `files`. */
  file: string;
  /** Which document of a multi-document file: by kind and/or name (default: the first). */
  doc?: { kind?: string; name?: string };
  equals?: string;
  value?: unknown;
  exists?: string;
  absent?: string;
  oneOf?: string;
  keys?: string[];
  values?: unknown[];
  validatesClean?: boolean;
  /** For validatesClean/behaviour: key of the file that is the VM's cloud-init user data. */
  userData?: string;
  behaviour?: BehaviourSpec;
  /** For behaviour: the field a failure points at (e.g. the probe it is about). */
  at?: string;
  /** The key of the task bullet (`* periodSeconds: \`10\``) this requirement's value restates. */
  bullet?: string;
}

export interface ExerciseTaskSpec {
  id: string;
  /** Needed for ids that are not numbered tasks of the page (watchdog-example). */
  title?: string;
  /** `none`: the task changes no file (then checkedBy says how it is judged). */
  changes?: 'none';
  checkedBy?: 'behaviour' | 'none';
  /** Why a task is not checked, shown by lint and the report. */
  note?: string;
  /** false: an example the trainee may try (checked, reported apart), not a task that counts. */
  graded?: boolean;
  files?: TaskFileSpec[];
  requirements?: RequirementSpec[];
}

export interface ExerciseSpec {
  lab: { slug?: string; labfoldernumber?: string };
  /** Path templates of the lab's files, by key; {{param}} from site and page params. */
  files: Record<string, string>;
  tasks: ExerciseTaskSpec[];
}

// ---------------------------------------------------------------- resolved form (JSON)

export interface Position {
  line: number;
  column: number;
}

export interface ResolvedRequirement {
  /** Stable id: "<task>.<n>" (1-based within the task). */
  id: string;
  text: string;
  kind: RequirementKind;
  /** The trainee's file (path in their working folder, e.g. labs/lab08/vm_lab08-probe.yaml). */
  file: string;
  doc?: { kind?: string; name?: string };
  /** Field path in the cluster's form: spec.template.spec.livenessProbe.httpGet.port */
  path?: string;
  value?: unknown;
  keys?: string[];
  values?: unknown[];
  /** Path of the cloud-init user data file for validatesClean/behaviour. */
  userData?: string;
  behaviour?: BehaviourSpec;
  /** For behaviour: the field a failure points at. */
  at?: string;
  bullet?: string;
  /** Where the requirement is written in the exercise file. */
  spec: Position;
}

export interface ResolvedFile {
  key: string;
  path: string;
  /** Starting content ('' when the file does not exist yet). */
  start: string;
  solution: string;
  /** Where the solution comes from on the page (for lint positions): one page line per solution line. */
  solutionSource?: { line: number; sourceLines: number[] };
}

export interface ResolvedTask {
  id: string;
  /** "8.1" for numbered tasks; undefined for extra exercises such as watchdog-example. */
  number?: string;
  title: string;
  anchor?: string;
  /** false for a task that changes no file. */
  changesFiles: boolean;
  checkedBy: 'requirements' | 'behaviour' | 'none';
  note?: string;
  /** false for an example (exercise `graded: false`): checked and reported apart, never counted as done or failed. */
  graded?: false;
  files: ResolvedFile[];
  /** Other files the requirements read (the user data of a VM), path → current reference content. */
  reads: string[];
  requirements: ResolvedRequirement[];
  /** Where the task is written in the exercise file (for a derived task: its line on the page). */
  spec: Position;
  /** derived from the page (exercises/derive.ts), or written in an exercise file. */
  source?: 'derived' | 'explicit';
  /** The files the page's text says this task writes (derived tasks), checked or not. */
  writes?: string[];
}

export interface ResolvedLab {
  lab: { slug: string; labfoldernumber: string; title?: string };
  /** Path templates substituted: key → path. */
  files: Record<string, string>;
  tasks: ResolvedTask[];
}
