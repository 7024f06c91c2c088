// Commands joined by `|` in the sandbox shell: each one's output is the next one's standard
// input, each with its own redirections (`> FILE`, `>> FILE`, `2> FILE`, `< FILE`, a
// here-document or here-string). The shell gives it its commands, terminal and files
// (PipelineShell); the text programs are filters.ts's.
import { UNSIMULATED_FILTERS, notSimulatedFilter, splitStderr } from './filters.ts';
import type { Job } from './types.ts';
import type { Vfs, VfsError } from './vfs.ts';
import type { SimpleCommand } from './words.ts';

export interface PipelineShell {
  /** Runs one command; `io.tty` when its output goes to the terminal. */
  command(argv: string[], io: { out(t: string): void; tty?: boolean }, stdin?: string): number | Job;
  /** The terminal (what bash's stderr would reach). */
  terminal(text: string): void;
  vfs: Vfs;
  whereFrom(path: string): string;
  /** Called when the running job ends (a redirect gets the rest of its output). */
  afterJob(f: () => void): void;
}

/**
 * Commands joined by `|`: each one's output is the next one's standard input, and the exit
 * status is the last one's (bash without pipefail). A command that runs on (a watch, sleep)
 * before a `|` hands its output on when it ends, or when Ctrl-C stops it.
 */
export function runPipeline(stages: SimpleCommand[], sh: PipelineShell, out: (t: string) => void, tty = true): number | Job {
  const missing = stages.slice(1).find((s) => UNSIMULATED_FILTERS.has(s.argv[0]!));
  if (missing) {
    out(`${notSimulatedFilter(`${missing.argv[0]} in a pipe`)}\n`);
    return 1;
  }
  let input: string | undefined;
  let code = 0;
  for (const [k, cmd] of stages.entries()) {
    const last = k === stages.length - 1;
    let piped = '';
    const r = stage(sh, cmd, input, last ? out : (t) => void (piped += t), tty && last);
    if (typeof r === 'number') {
      code = r;
      input = piped;
      continue;
    }
    if (last) return r;
    const rest = stages.slice(k + 1);
    let after: number | undefined;
    const finish = (c: number | undefined): number | undefined => {
      if (c === undefined || after !== undefined) return after;
      const { stdout, stderr } = cmd.mergeStderr ? { stdout: piped, stderr: '' } : splitStderr(piped, c);
      sh.terminal(stderr);
      const fin = runPipeline([{ argv: ['cat'] }, ...rest].map((s, j) => (j ? s : { ...s, stdin: { text: stdout } })), sh, out, tty);
      after = typeof fin === 'number' ? fin : (fin.interrupt(), out('kvlab sandbox: a pipe from a command that runs on into one that runs on is not simulated; use connected mode (a real cluster) for it\n'), 1);
      return after;
    };
    return {
      tick: () => finish(r.tick()),
      input: (d) => finish(r.input(d)),
      interrupt: () => {
        r.interrupt();
        finish(130); // what it printed until then still goes through the rest, as the pipe had streamed it
      },
      ...(r.raw ? { raw: r.raw } : {}),
      ...(r.done ? { done: r.done.then((c) => finish(c)!) } : {}),
    };
  }
  return code;
}

/** One command of a pipeline with its own redirections; `piped` is what the `|` before it gives. */
function stage(sh: PipelineShell, c: SimpleCommand, piped: string | undefined, out: (t: string) => void, tty: boolean): number | Job {
  let stdin = piped;
  if (c.stdin && 'text' in c.stdin) stdin = c.stdin.text;
  else if (c.stdin) {
    try {
      stdin = sh.vfs.read(c.stdin.path);
    } catch (e) {
      sh.terminal(`bash: ${(e as VfsError).message}${sh.vfs.exists(c.stdin.path) ? '' : sh.whereFrom(c.stdin.path)}\n`);
      return 1;
    }
  }
  const write = (path: string, text: string, append: boolean) => {
    if (path === '/dev/null') return true;
    try {
      sh.vfs.write(path, text, append);
      return true;
    } catch (e) {
      sh.terminal(`bash: ${(e as VfsError).message}\n`);
      return false;
    }
  };
  if (c.errFile && !write(c.errFile, '', false)) return 1;
  const redirect = c.redirect;
  // output that goes wholly to the terminal needs no telling apart
  if (!redirect && !c.errFile && tty) return sh.command(c.argv, { out, tty }, stdin);
  // bash opens (and truncates) the file before the command runs
  if (redirect && !write(redirect.path, '', redirect.append)) return 1;
  let captured = '';
  let running = false;
  const result = sh.command(c.argv, { out: (t) => void (running && !redirect ? out(t) : (captured += t)) }, stdin);
  if (typeof result === 'number') {
    // error lines to 2> FILE or the terminal (unless 2>&1), the rest to > FILE or on
    const { stdout, stderr } = c.mergeStderr ? { stdout: captured, stderr: '' } : splitStderr(captured, result);
    if (c.errFile) write(c.errFile, stderr, true);
    else sh.terminal(stderr);
    if (redirect) write(redirect.path, stdout, true);
    else out(stdout);
    return result;
  }
  // a job (a watch, an apply awaiting the worker): what it prints goes on as it comes (the
  // pipeline tells error lines apart when it ends), or to the redirect
  running = true;
  if (!redirect) out(captured);
  else write(redirect.path, captured, true);
  if (redirect && result.done) {
    // what the job prints from now on goes to the redirect when it ends
    const from = captured.length;
    sh.afterJob(() => captured.length > from && write(redirect.path, captured.slice(from), true));
  }
  return result;
}

