// /exercises/<labfoldernumber>.json: the lab's ResolvedLab (exercises/resolve.ts) for each
// variant being built, which the editor island fetches (under the variant's folder when several
// build at once: render-fs.ts buildVariants). One file per lab page that has an exercise in
// exercises/. A lab whose exercise does not resolve fails the build with the file:line:column of
// every problem (kvlab lint shows the same).
import type { APIRoute, GetStaticPaths } from 'astro';
import { join } from 'node:path';
import { loadTraining } from '../../engine/load-fs.ts';
import { buildVariants, contentDir, variantFolder } from '../lib/content/render-fs.ts';
import { exerciseMatches, listExercises, pageLabNumber, resolvePageExercise } from '../../exercises/exercises-fs.ts';
import type { ResolvedLab } from '../../exercises/types.ts';

export const getStaticPaths = (() => {
  const root = process.cwd();
  const paths: { params: { exercise: string }; props: { lab: ResolvedLab } }[] = [];
  for (const variant of buildVariants().variants) {
    const training = loadTraining(contentDir(), { variant });
    for (const exercise of listExercises(join(root, 'exercises'))) {
      const page = training.pages.find((p) => exerciseMatches(exercise, p));
      if (!page) continue;
      const { outcome } = resolvePageExercise(training, page, exercise);
      const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length || !outcome.lab) {
        throw new Error(`exercise ${exercise.displayFile} does not resolve:\n${errors.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n')}`);
      }
      const path = [variantFolder(variant), 'exercises', pageLabNumber(page) ?? page.slug].filter(Boolean).join('/');
      paths.push({ params: { exercise: path }, props: { lab: outcome.lab } });
    }
  }
  return paths;
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(JSON.stringify((props as { lab: ResolvedLab }).lab), { headers: { 'Content-Type': 'application/json' } });
