// A script of shell lines through the sandbox shell without a terminal: what `kvlab sandbox --run`
// prints and what `kvlab lint --commands` checks. The lines are typed as a trainee types them, so
// the transcript is what the browser terminal shows (prompts, echoed commands, output). Between
// lines simulated time moves `pause × speed` seconds (a trainee's second at the page's speed);
// a command that runs in the foreground (sleep, wait) is driven on the simulated clock until it
// ends; a watch (get -w, logs -f) is stopped with Ctrl-C after `watchLimit` simulated seconds.
// Lines typed while `virtctl console` is open go into the guest; `^]` (or `~.`) leaves it.
import { Shell } from './shell.ts';
import { splitHeredocs, withHeredocs } from './words.ts';
import type { ValidateFn } from './types.ts';

export interface ScriptLine {
  text: string;
  /** Where it comes from (file:line in reports). */
  file?: string;
  line?: number;
}

export interface StepResult {
  line: ScriptLine;
  /** Exit code ($?) after the line; undefined for a line typed into the guest console. */
  code: number | undefined;
  /** What the line printed (plain text, without the echoed command and the next prompt). */
  output: string;
  /** A foreground command stopped with Ctrl-C when its time was up (a watch). */
  stopped?: boolean;
}

export interface ScriptOptions {
  user: string;
  validate: ValidateFn;
  /** The lab files, relative to the home folder (labs/lab01/firstvm.yaml); may change between lines. */
  files?: () => Record<string, string>;
  origins?: () => Record<string, string>;
  /** Simulated seconds per real second (the page's speed control; default 10). */
  speed?: number;
  /** Real seconds a trainee takes between lines (default 1). */
  pause?: number;
  /** Simulated seconds a command that never ends by itself (a watch, logs -f) runs (default 60). */
  watchLimit?: number;
  seed?: number;
  epochMs?: number;
  /** Called before each line (the lint runner puts the files the line names in place). */
  before?: (line: ScriptLine, shell: Shell) => void;
}

export interface ScriptResult {
  transcript: string;
  /** The exit code of the last command. */
  code: number;
  steps: StepResult[];
  shell: Shell;
}

/** Terminal text as a screen shows it: escapes dropped, \r\n → \n, a lone \r starts its line again. */
export function plainText(s: string): string {
  return s
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .split('\r\n')
    .map((line) => line.split('\r').pop()!)
    .join('\n');
}

/**
 * A script's lines: `\` continuations joined, blank lines and `#` comments left out; a command
 * with here-documents is one line whose text holds their bodies as they are (\n between lines).
 */
export function scriptLines(text: string, file?: string): ScriptLine[] {
  const out: ScriptLine[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let t = lines[i]!;
    while (/\\$/.test(t) && i + 1 < lines.length) t = `${t.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`;
    if (!t.trim() || /^\s*#/.test(t)) continue;
    const h = withHeredocs(t.trim(), lines, i + 1);
    if (h) i = h.next - 1;
    out.push({ text: h ? h.text : t.trim(), ...(file ? { file } : {}), line: start + 1 });
  }
  return out;
}

/** Simulated seconds a command that should end by itself may run before it is stopped. */
const MAX_FOREGROUND = 24 * 3600;

const nextTurn = () => new Promise<void>((r) => setTimeout(r, 0));

export async function runScript(lines: ScriptLine[], opts: ScriptOptions): Promise<ScriptResult> {
  let raw = '';
  const speed = opts.speed ?? 10;
  const pause = opts.pause ?? 1;
  const watchLimit = opts.watchLimit ?? 60;
  const shell = new Shell({ user: opts.user, write: (t) => (raw += t), validate: opts.validate, files: opts.files, origins: opts.origins, speed, seed: opts.seed, epochMs: opts.epochMs ?? Date.UTC(2026, 0, 1) });
  shell.start();
  const steps: StepResult[] = [];
  /** Runs the clock (and awaits commands that end by themselves) until the shell is at its prompt or in the console. */
  const settle = async (limit = watchLimit): Promise<boolean> => {
    let ran = 0;
    let turns = 0;
    while (shell.busy && !shell.inConsole) {
      if (shell.awaiting) {
        if (++turns > 10_000) break; // a promise that never settles: give up rather than hang
        await nextTurn();
        continue;
      }
      if (ran >= limit) {
        shell.input('\x03');
        return true;
      }
      shell.advance(1);
      ran++;
    }
    return false;
  };
  for (const line of lines) {
    opts.before?.(line, shell);
    const mark = raw.length;
    const leave = /^(\^\]|~\.)$/.test(line.text);
    if (leave && !shell.inConsole) continue; // the console already ended (a VM that is not running)
    if (shell.inConsole) {
      shell.input(leave ? '\x1d' : `${line.text}\r`);
      shell.advance(pause * speed);
      steps.push({ line, code: undefined, output: plainText(raw.slice(mark)) });
      continue;
    }
    shell.input(`${line.text.split('\n').join('\r')}\r`);
    // a here-document the script ends before its delimiter: bash takes the end of the file for it
    if (!splitHeredocs(line.text).complete) shell.input('\x04');
    // a watch never ends by itself; sleep, wait and the like do (within a day, else Ctrl-C)
    const watching = /\s(-w|--watch|--watch-only|-f|--follow)(\s|=|$)/.test(line.text) && /\b(get|logs)\b/.test(line.text);
    const stopped = await settle(watching ? watchLimit : MAX_FOREGROUND);
    const out = plainText(raw.slice(mark)).split('\n');
    // the echoed command line (and its here-documents' lines) first, the next prompt last
    const output = out.slice(line.text.split('\n').length, shell.inConsole ? undefined : -1).join('\n');
    steps.push({ line, code: shell.inConsole ? undefined : shell.exitCode, output, ...(stopped ? { stopped } : {}) });
    shell.advance(pause * speed); // (an open console follows the guest meanwhile)
  }
  if (shell.inConsole) shell.input('\x1d');
  await settle();
  return { transcript: plainText(raw), code: shell.exitCode, steps, shell };
}
