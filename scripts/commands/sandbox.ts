// `kvlab sandbox [--content DIR] [--variant V] [--user U] [--speed N]`: the lab page's sandbox
// shell (sandbox/shell.ts, the same core) in this terminal; `--run FILE|-` types a script's lines
// into it without a terminal and prints the transcript the browser terminal would show
// (sandbox/run-script.ts). Exit: the last command's status (--run), 0 (interactive), 2 bad input.
import '../../validators/load-all.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadTraining } from '../../engine/load-fs.ts';
import { trainingLabs, trainingProfile } from '../../exercises/exercises-fs.ts';
import { runScript, scriptLines } from '../../sandbox/run-script.ts';
import { Shell } from '../../sandbox/shell.ts';
import { validateText, type ClusterProfile } from '../../validators/index.ts';
import type { ValidateFn } from '../../sandbox/types.ts';
import { argsOrExit, fail, integer, parseCommandArgs, type ArgsResult } from '../lib/args.ts';

export const summary = 'the sandbox shell in this terminal, or --run a script of commands and print the transcript';

export const usage = `Usage: kvlab sandbox [--content DIR] [--variant V] [--user U] [--speed N] [--seed N]
       kvlab sandbox --run FILE|- [--pause S] [--watch-limit S] [same options]

  --content DIR      training whose lab files (exercises' starting content) are in ~/labs/ (default content/)
  --solutions        put each task's solution in ~/labs/ instead (the last task writing a file wins):
                     a trainer's dry run of the labs' commands
  --variant V        the training's variant (default: its first)
  --user U           user name and namespace (default: user1)
  --speed N          simulated seconds per real second, 1 to 600 (default 10, as the page)
  --seed N           the simulator's seed (default 1)
  --run FILE|-       type FILE's lines (- reads stdin) into the shell; print the transcript;
                     a line after \`virtctl console\` goes into the guest, ^] leaves it
  --pause S          real seconds between two lines (default 1: pause × speed simulated seconds)
  --watch-limit S    simulated seconds a watch (-w, logs -f) runs before Ctrl-C (default 60)

Exit status: --run: the last command's; 2 bad arguments or files.`;

export interface SandboxArgs {
  content: string;
  variant?: string;
  solutions: boolean;
  user: string;
  speed: number;
  seed: number;
  run?: string;
  pause: number;
  watchLimit: number;
  help: boolean;
}

const OPTIONS = {
  content: { type: 'string', default: 'content' },
  variant: { type: 'string' },
  solutions: { type: 'boolean' },
  user: { type: 'string', default: 'user1' },
  speed: { type: 'string', default: '10' },
  seed: { type: 'string', default: '1' },
  run: { type: 'string' },
  pause: { type: 'string', default: '1' },
  'watch-limit': { type: 'string', default: '60' },
} as const;

export function parseSandboxArgs(argv: string[]): ArgsResult<SandboxArgs> {
  return parseCommandArgs(argv, OPTIONS, (v) => {
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(v.user)) fail(`--user must be a namespace name (lowercase letters, digits, '-'), got "${v.user}"`);
    const pause = Number(v.pause);
    if (!Number.isFinite(pause) || pause < 0) fail(`--pause must be a number of seconds ≥ 0, got "${v.pause}"`);
    return {
      content: v.content,
      ...(v.variant ? { variant: v.variant } : {}),
      solutions: v.solutions,
      user: v.user,
      speed: integer('--speed', v.speed, 1, 600),
      seed: integer('--seed', v.seed, 0),
      ...(v.run !== undefined ? { run: v.run } : {}),
      pause,
      watchLimit: integer('--watch-limit', v['watch-limit'], 1, 86400),
      help: v.help,
    };
  });
}

/** The lab files the page's editors start with: every exercise's files, at their starting content
 *  (or, with `solutions`, at their tasks' solutions in page order); and the training's cluster
 *  profile (what kubectl apply judges against, as on the page). */
function labFiles(content: string, variant?: string, solutions = false): { files: Record<string, string>; profile?: ClusterProfile } {
  const files: Record<string, string> = {};
  let training;
  try {
    training = loadTraining(content, variant ? { variant } : {});
  } catch {
    return { files };
  }
  const profile = trainingProfile(training);
  for (const l of trainingLabs(training)) {
    for (const t of l.lab.tasks) {
      for (const f of t.files) {
        if (solutions && f.solution) files[f.path] = f.solution;
        else if (f.start && !(f.path in files)) files[f.path] = f.start;
      }
    }
  }
  return { files, ...(profile ? { profile } : {}) };
}

/** validateText under the training's profile. */
const validatorOf = (profile?: ClusterProfile): ValidateFn => (profile ? (t, o) => validateText(t, { ...o, profile }) : validateText);

export async function run(argv: string[]): Promise<number> {
  const args = argsOrExit('sandbox', parseSandboxArgs(argv), usage);
  if (typeof args === 'number') return args;
  const { files, profile } = labFiles(resolve(args.content), args.variant, args.solutions);
  const validate = validatorOf(profile);
  if (args.run !== undefined) {
    let text: string;
    try {
      text = args.run === '-' ? readFileSync(0, 'utf8') : readFileSync(args.run, 'utf8');
    } catch (e) {
      console.error(`kvlab sandbox: cannot read ${args.run}: ${(e as Error).message}`);
      return 2;
    }
    const r = await runScript(scriptLines(text, args.run), { user: args.user, validate, files: () => files, speed: args.speed, pause: args.pause, watchLimit: args.watchLimit, seed: args.seed });
    process.stdout.write(r.transcript.endsWith('\n') ? r.transcript : `${r.transcript}\n`);
    return r.code;
  }
  return interactive(args, files, validate);
}

/** The shell on this terminal: raw keystrokes in, the clock ticking at --speed. */
function interactive(args: SandboxArgs, files: Record<string, string>, validate: ValidateFn): Promise<number> {
  const shell = new Shell({ user: args.user, write: (t) => process.stdout.write(t), validate, files: () => files, speed: args.speed, seed: args.seed });
  shell.start(`kvlab sandbox: a simulated cluster in namespace ${args.user} (Ctrl-D twice quits)`);
  const stdin = process.stdin;
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.resume();
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    shell.tick((now - last) / 1000);
    last = now;
  }, 100);
  return new Promise((done) => {
    let eofs = 0;
    const quit = () => {
      clearInterval(timer);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
      done(0);
    };
    stdin.on('data', (d: Buffer) => {
      const s = d.toString('utf8');
      if (s === '\x04' && !shell.busy) {
        if (++eofs >= 2) return quit();
      } else eofs = 0;
      shell.input(s);
    });
    stdin.on('end', quit);
  });
}
