// Arguments of `kvlab check`: a pure parseArgs (argv → options or the one error to print) and
// the usage text. The command (scripts/commands/check.ts) only maps the result to an exit code.
import { FORMATS } from './check-output.ts';
import { join, resolve } from 'node:path';

const defaultExercisesDir = join(resolve(import.meta.dirname, '..', '..'), 'exercises');

export const usage = `Usage: kvlab check --lab LAB --dir DIR [options]
       kvlab check --lab LAB --namespace NS [--context CTX] [--kubectl PATH] [options]
       kvlab check --lab LAB --objects FILE [options]

  --lab LAB          the lab: its number as its folder shows it (08) or its page slug (probes)
  --dir DIR          a trainee's working folder (it holds labs/…), or a class folder whose
                     sub-folders are trainees' working folders, each named after its trainee
  --variant V        site variant the trainees follow (default: the first, "default")
  --namespace NS     check what the cluster holds in namespace NS instead of a folder: the
                     lab's VMs and Secrets as the trainee applied them (kubectl get … -o json,
                     with the current kubeconfig; --context CTX, --kubectl PATH)
  --objects FILE     the same from a saved \`kubectl get vm,secret -n NS -o yaml\` (- for stdin)
  --user U           only trainee U of a class folder; for one trainee's folder, its name;
                     for live objects, the name to report (default: the namespace)
  --task ID          report only this task (1…5, watchdog-example); later tasks still count
  --format F         text (default), json or junit
  --content DIR      the training's content folder (default: content/)
  --exercises DIR    the exercise files (default: the project's exercises/)

Exit status: 0 every checked task is done, 1 some are not, 2 bad input.`;

export interface CheckArgs {
  lab: string;
  /** '' when the objects come from a cluster (namespace) or a file (objects). */
  dir: string;
  namespace?: string;
  objects?: string;
  context?: string;
  kubectl?: string;
  variant?: string;
  user?: string;
  task?: string;
  format: 'text' | 'json' | 'junit';
  content: string;
  exercises: string;
  help: boolean;
}

export type ParseResult = { ok: true; args: CheckArgs } | { ok: false; error: string };

const VALUE_FLAGS = ['lab', 'dir', 'variant', 'user', 'task', 'format', 'content', 'exercises', 'namespace', 'objects', 'context', 'kubectl'] as const;

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
  const sources = [got.dir && '--dir', got.namespace && '--namespace', got.objects && '--objects'].filter(Boolean);
  if (sources.length === 0) return { ok: false, error: "missing --dir (a trainee's working folder or a class folder), --namespace NS (live objects) or --objects FILE" };
  if (sources.length > 1) return { ok: false, error: `give one of ${sources.join(', ')}, not several` };
  if ((got.context || got.kubectl) && !got.namespace) return { ok: false, error: '--context and --kubectl go with --namespace' };
  const format = got.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) return { ok: false, error: `unknown --format "${format}"; use one of: ${FORMATS.join(', ')}` };
  return {
    ok: true,
    args: {
      lab: got.lab,
      dir: got.dir ?? '',
      ...(got.namespace ? { namespace: got.namespace } : {}),
      ...(got.objects ? { objects: got.objects } : {}),
      ...(got.context ? { context: got.context } : {}),
      ...(got.kubectl ? { kubectl: got.kubectl } : {}),
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

