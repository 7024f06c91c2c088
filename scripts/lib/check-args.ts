// Arguments of `kvlab check`: a pure parseArgs (argv → options or the one error to print) and
// the usage text. The command (scripts/commands/check.ts) only maps the result to an exit code.
import { FORMATS } from './check-output.ts';
import { join, resolve } from 'node:path';

const defaultExercisesDir = join(resolve(import.meta.dirname, '..', '..'), 'exercises');

export const usage = `Usage: kvlab check --lab LAB --dir DIR [options]

  --lab LAB          the lab: its number as its folder shows it (08) or its page slug (probes)
  --dir DIR          a trainee's working folder (it holds labs/…), or a class folder whose
                     sub-folders are trainees' working folders, each named after its trainee
  --variant V        site variant the trainees follow (default: the first, "default")
  --user U           only trainee U of a class folder; for one trainee's folder, its name
  --task ID          report only this task (1…5, watchdog-example); later tasks still count
  --format F         text (default), json or junit
  --content DIR      the training's content folder (default: content/)
  --exercises DIR    the exercise files (default: the project's exercises/)

Exit status: 0 every checked task is done, 1 some are not, 2 bad input.`;

export interface CheckArgs {
  lab: string;
  dir: string;
  variant?: string;
  user?: string;
  task?: string;
  format: 'text' | 'json' | 'junit';
  content: string;
  exercises: string;
  help: boolean;
}

export type ParseResult = { ok: true; args: CheckArgs } | { ok: false; error: string };

const VALUE_FLAGS = ['lab', 'dir', 'variant', 'user', 'task', 'format', 'content', 'exercises'] as const;

/** Pure: argv → options, or the one error to print (then exit 2). Accepts --flag value and --flag=value. */
export function parseArgs(argv: string[], defaults: { content: string; exercises: string } = { content: 'content', exercises: defaultExercisesDir }): ParseResult {
  const got: Partial<Record<(typeof VALUE_FLAGS)[number], string>> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      help = true;
      continue;
    }
    const m = /^--([a-z]+)(?:=(.*))?$/s.exec(a);
    if (!m) return { ok: false, error: `unexpected argument "${a}"` };
    const name = m[1] as (typeof VALUE_FLAGS)[number];
    if (!VALUE_FLAGS.includes(name)) return { ok: false, error: `unknown option --${m[1]}` };
    let value = m[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return { ok: false, error: `--${name} needs a value` };
      i++;
    }
    if (value === '') return { ok: false, error: `--${name} needs a value` };
    if (got[name] !== undefined) return { ok: false, error: `--${name} given twice` };
    got[name] = value;
  }
  if (help) return { ok: true, args: { lab: '', dir: '', format: 'text', content: defaults.content, exercises: defaults.exercises, help } };
  if (!got.lab) return { ok: false, error: 'missing --lab (the lab number, e.g. 08, or its slug, e.g. probes)' };
  if (!got.dir) return { ok: false, error: "missing --dir (a trainee's working folder or a class folder)" };
  const format = got.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) return { ok: false, error: `unknown --format "${format}"; use one of: ${FORMATS.join(', ')}` };
  return {
    ok: true,
    args: {
      lab: got.lab,
      dir: got.dir,
      ...(got.variant ? { variant: got.variant } : {}),
      ...(got.user ? { user: got.user } : {}),
      ...(got.task ? { task: got.task } : {}),
      format: format as CheckArgs['format'],
      content: got.content ?? defaults.content,
      exercises: got.exercises ?? defaults.exercises,
      help,
    },
  };
}

