// `kvlab exercises [--content DIR] [--lab L] [--variant V]`: each lab's exercise as kvlab uses it
// (derived from the page, exercises/derive.ts, with the training's exercise files over it),
// printed in the exercise-file format (exercises/README.md) so a trainer can start from it:
// save it as CONTENT/exercises/NAME.yaml and refine. Without --lab: every lab with a task.
import '../../validators/load-all.ts';
import { existsSync } from 'node:fs';
import { stringify } from 'yaml';
import { loadTraining } from '../../engine/load-fs.ts';
import { pickLab, trainingLabs } from '../../exercises/exercises-fs.ts';
import { argsOrExit, parseCommandArgs, type ArgsResult } from '../lib/args.ts';
import { escapeControl } from '../lib/terminal-text.ts';

export const summary = "print a lab's derived exercise in the exercise-file format (to start an exercise file from)";

const USAGE = `Usage: kvlab exercises [--content DIR] [--lab LAB] [--variant V]
  --content DIR   content folder (default content/)
  --lab LAB       one lab: its labfoldernumber or slug (default: every lab with a task)
  --variant V     the variant whose params fill the paths and blocks (default: the first)`;

interface Args { content: string; lab?: string; variant?: string; help: boolean }
const OPTIONS = { content: { type: 'string', default: 'content' }, lab: { type: 'string' }, variant: { type: 'string' } } as const;

export function parseExercisesArgs(argv: string[]): ArgsResult<Args> {
  return parseCommandArgs(argv, OPTIONS, (v) => ({ content: v.content, ...(v.lab ? { lab: v.lab } : {}), ...(v.variant ? { variant: v.variant } : {}), help: v.help }));
}

export async function run(argv: string[]): Promise<number> {
  const args = argsOrExit('exercises', parseExercisesArgs(argv), USAGE);
  if (typeof args === 'number') return args;
  if (!existsSync(args.content)) {
    console.error(`kvlab exercises: --content ${escapeControl(args.content)}: no such folder`);
    return 2;
  }
  const training = loadTraining(args.content, args.variant ? { variant: args.variant } : {});
  if (args.variant && training.variant !== args.variant) {
    console.error(`kvlab exercises: unknown --variant "${escapeControl(args.variant)}"; variants: ${training.variants.join(', ')}`);
    return 2;
  }
  let labs = trainingLabs(training);
  if (args.lab) {
    const picked = pickLab(labs, args.lab);
    if (!picked.lab) {
      console.error(`kvlab exercises: no lab "${escapeControl(args.lab)}"; labs: ${labs.map((l) => l.id).join(', ')}`);
      return 2;
    }
    if (picked.note) console.error(`kvlab exercises: ${escapeControl(picked.note)}`);
    labs = [picked.lab];
  }
  const docs = labs.map((l) => {
    const head = `# ${l.page.title} (lab ${l.id}): derived from ${l.page.relFile}${l.explicit ? `; tasks ${l.lab.tasks.filter((t) => t.source === 'explicit').map((t) => t.id).join(', ')} come from ${l.explicit.exercise.displayFile}` : ''}\n`;
    return head + stringify(l.derived.spec, { lineWidth: 0 });
  });
  process.stdout.write(docs.join('---\n'));
  return 0;
}
