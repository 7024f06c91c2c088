// /exercises/<lab id>.json: each lab's ResolvedLab (exercises/types.ts) for each variant being
// built, which the editor island fetches (under the variant's folder when several build at
// once: render-fs.ts buildVariants). One file per page with a checked task: derived from the
// page (exercises/derive.ts), with the training's exercise files (CONTENT/exercises/*.yaml)
// over it. An exercise file that does not resolve fails the build with the file:line:column of
// every problem (kvlab lint shows the same).
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadTraining } from '../../engine/load-fs.ts';
import { buildVariants, contentDir, variantFolder } from '../lib/content/render-fs.ts';
import { trainingLabs } from '../../exercises/exercises-fs.ts';
import type { ResolvedLab } from '../../exercises/types.ts';

export const getStaticPaths = (() => {
  const paths: { params: { exercise: string }; props: { lab: ResolvedLab } }[] = [];
  for (const variant of buildVariants().variants) {
    const training = loadTraining(contentDir(), { variant });
    for (const tl of trainingLabs(training)) {
      const errors = tl.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) {
        throw new Error(`exercise ${tl.explicit?.exercise.displayFile} does not resolve:\n${errors.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n')}`);
      }
      if (!tl.lab.tasks.some((t) => t.checkedBy !== 'none')) continue;
      const path = [variantFolder(variant), 'exercises', tl.id].filter(Boolean).join('/');
      paths.push({ params: { exercise: path }, props: { lab: tl.lab } });
    }
  }
  return paths;
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(JSON.stringify((props as { lab: ResolvedLab }).lab), { headers: { 'Content-Type': 'application/json' } });
