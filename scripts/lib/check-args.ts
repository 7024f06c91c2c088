// Arguments of `kvlab check`: a pure parseCheckArgs (argv → options or the one error to print) and
// the usage text. The command (scripts/commands/check.ts) only maps the result to an exit code.
import { fail, oneOf, parseCommandArgs, type ArgsResult } from './args.ts';
import { FORMATS } from './check-output.ts';

export const usage = `Usage: kvlab check --lab LAB --dir DIR [options]
       kvlab check --lab LAB --namespace NS [--context CTX] [--kubectl PATH] [options]
       kvlab check --lab LAB --objects FILE [options]

  --lab LAB          the lab: its number as its folder shows it (08) or its page slug (probes);
                     labs that share a number are told apart by slug (check says which it
                     picked); \`all\`: every lab of the training with a checked task
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
  --exercises DIR    the exercise files (default: the training's own, CONTENT/exercises/);
                     tasks without one are derived from the page

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
  /** undefined: the training's own exercises folder. */
  exercises?: string;
  help: boolean;
}

const OPTIONS = {
  lab: { type: 'string' },
  dir: { type: 'string' },
  variant: { type: 'string' },
  user: { type: 'string' },
  task: { type: 'string' },
  format: { type: 'string', default: 'text' },
  content: { type: 'string' },
  exercises: { type: 'string' },
  namespace: { type: 'string' },
  objects: { type: 'string' },
  context: { type: 'string' },
  kubectl: { type: 'string' },
} as const;

/** Pure: argv → options, or the one error to print (then exit 2). */
export function parseCheckArgs(argv: string[], defaults: { content: string; exercises?: string } = { content: 'content' }): ArgsResult<CheckArgs> {
  return parseCommandArgs(argv, OPTIONS, (got) => {
    const content = got.content ?? defaults.content;
    const exercises = got.exercises ?? defaults.exercises;
    if (got.help) return { lab: '', dir: '', format: 'text', content, ...(exercises ? { exercises } : {}), help: true };
    if (!got.lab) fail('missing --lab (the lab number, e.g. 08, or its slug, e.g. probes)');
    const sources = [got.dir && '--dir', got.namespace && '--namespace', got.objects && '--objects'].filter(Boolean);
    if (sources.length === 0) fail("missing --dir (a trainee's working folder or a class folder), --namespace NS (live objects) or --objects FILE");
    if (sources.length > 1) fail(`give one of ${sources.join(', ')}, not several`);
    if ((got.context || got.kubectl) && !got.namespace) fail('--context and --kubectl go with --namespace');
    return {
      lab: got.lab,
      dir: got.dir ?? '',
      ...(got.namespace ? { namespace: got.namespace } : {}),
      ...(got.objects ? { objects: got.objects } : {}),
      ...(got.context ? { context: got.context } : {}),
      ...(got.kubectl ? { kubectl: got.kubectl } : {}),
      ...(got.variant ? { variant: got.variant } : {}),
      ...(got.user ? { user: got.user } : {}),
      ...(got.task ? { task: got.task } : {}),
      format: oneOf('--format', got.format, FORMATS),
      content,
      ...(exercises ? { exercises } : {}),
      help: false,
    };
  });
}
