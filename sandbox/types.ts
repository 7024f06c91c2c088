// What a sandbox command gets and gives: text out (\n line ends; the shell turns them into
// \r\n), an exit code, or a foreground job (kubectl get -w, virtctl console, sleep) that the
// shell drives with clock ticks and keystrokes until it ends. A job may also end by itself
// (`done`): kubectl apply awaiting validators that answer asynchronously (the page's worker).
import type { DocumentResult } from '../validators/types.ts';
import type { Sandbox } from './sandbox.ts';
import type { Vfs } from './vfs.ts';

export interface Io {
  out(text: string): void;
}

export interface Job {
  /** Called after each clock step; returns an exit code when the job has ended. */
  tick(): number | undefined;
  /** A keystroke while the job runs; returns an exit code when the job has ended. */
  input(data: string): number | undefined;
  /** Ctrl-C (or a new command from the page); the job ends. */
  interrupt(): void;
  /** The prompt a job with its own line editor (the guest console) shows, if any. */
  readonly raw?: boolean;
  /**
   * Set on a job that ends by itself rather than on a tick or keystroke: it settles with the exit
   * code. Such a job is instantaneous in simulated time: the clock stands still while it runs
   * (its steps are kept and run when it ends), and keystrokes other than Ctrl-C wait for the
   * prompt after it, in order, as if the command had answered at once.
   */
  readonly done?: Promise<number>;
}

export type Result = number | Job;

/**
 * The validators (validators/index.ts validateText), or a stand-in that answers asynchronously
 * (the lab page asks its validator worker): kubectl apply then runs as a job until the answer.
 */
export type ValidateFn = (text: string, opts: { file?: string; userData?: { text: string; file?: string }[]; related?: unknown[] }) => DocumentResult[] | Promise<DocumentResult[]>;

export interface CommandContext {
  sandbox: Sandbox;
  vfs: Vfs;
  /** The trainee's namespace: kubectl's default and the only one they may use. */
  namespace: string;
  user: string;
  io: Io;
  /** The shell's kubeconfig context: its namespace is kubectl's and virtctl's default (kubectl config set-context). */
  kubeconfig?: { namespace?: string };
  /** Standard input (a pipe, a here-document, `< FILE`): what `-f -` reads; undefined when there is none. */
  stdin?: string;
  validate: ValidateFn;
  /** Wall-clock base of simulated time 0 (creationTimestamp in -o yaml). */
  epochMs: number;
  /**
   * For a path that does not exist: where the trainee makes it, as a clause to append to the
   * error ("; this file is the one you write in Task 8.1's editor …"), or '' when unknown.
   */
  whereFrom(path: string): string;
  /**
   * `kubectl edit`: the page opens the request in its editor; absent where there is no editor
   * (the CLI), and edit says so. Called again with the reasons when a save is refused.
   */
  edit?: EditFn;
}

/** What `kubectl edit` gives the page's editor. */
export interface EditRequest {
  /** The temporary file kubectl edit names (/tmp/kubectl-edit-<n>.yaml). */
  file: string;
  /** What is edited: `virtualmachine.kubevirt.io/lab03-mover`. */
  object: string;
  /** The file's text: kubectl's header comment (with the reasons of a refused save), then the YAML. */
  text: string;
}

/** The page's editor: `saved` settles with the saved text, or undefined when closed without saving; `close()` ends it (Ctrl-C). */
export type EditFn = (request: EditRequest) => { saved: Promise<string | undefined>; close(): void };

/** What a text program of a pipe (filters.ts) reads: its standard input and the shell's files. */
export interface FilterInput {
  /** Standard input, or undefined when nothing is piped or redirected into the program. */
  stdin: string | undefined;
  /** A file's text; throws an Error whose message is "PATH: No such file or directory" and the like. */
  read(path: string): string;
  /** Writes a file (tee). */
  write(path: string, text: string, append: boolean): void;
}

export interface FilterResult {
  out: string;
  code: number;
}
