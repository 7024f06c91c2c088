// The Astro integration of the content pipeline (Node): content files live outside site/, so
// the dev server watches them (any change re-renders and reloads the page), serves page-bundle
// files (images beside a page) under the page's URL, and the build copies them into dist/.
import { copyFileSync, createReadStream, mkdirSync, realpathSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { isInside, loadTraining } from '../../../engine/load-fs.ts';
import { buildVariants, bumpGeneration, contentDir, variantFolder } from './render-fs.ts';

/** Output path (under the variant's folder when several build at once) → page-bundle file. */
function assetMap(): Map<string, string> {
  const map = new Map<string, string>();
  for (const variant of buildVariants().variants) {
    const training = loadTraining(contentDir(), { variant });
    const folder = variantFolder(variant);
    // loadTraining refuses links out of the content folder; checked again here, where the file is
    // served or copied, in case a link changed since
    const root = realpathSync(training.dir);
    for (const p of training.pages) for (const a of p.assets) if (isInside(root, a)) map.set([folder, p.slug, basename(a)].filter(Boolean).join('/'), a);
  }
  return map;
}

export function kvlabContent(): AstroIntegration {
  return {
    name: 'kvlab-content',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        const dir = resolve(contentDir());
        // the exercises (what Check judges) reload the page too when a trainer edits them
        const exercisesDir = resolve(fileURLToPath(new URL('../../../exercises', import.meta.url)));
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'kvlab-content-watch',
                configureServer(server) {
                  server.watcher.add([dir, exercisesDir]);
                  const reload = (file: string) => {
                    const f = resolve(file);
                    if (!f.startsWith(dir) && !f.startsWith(exercisesDir)) return;
                    bumpGeneration();
                    server.ws.send({ type: 'full-reload', path: '*' });
                  };
                  server.watcher.on('change', reload);
                  server.watcher.on('add', reload);
                  server.watcher.on('unlink', reload);
                },
              },
            ],
          },
        });
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          const path = decodeURIComponent((req.url ?? '/').split('?')[0]).replace(/^\/+/, '');
          if (!path || path.endsWith('/') || path.endsWith('.html')) return next();
          let file: string | undefined;
          try {
            file = assetMap().get(path);
          } catch {
            /* content errors show on the page itself */
          }
          if (!file) return next();
          createReadStream(file).pipe(res);
        });
      },
      'astro:build:done': ({ dir }) => {
        const out = fileURLToPath(dir);
        for (const [rel, src] of assetMap()) {
          const dest = join(out, rel);
          mkdirSync(join(dest, '..'), { recursive: true });
          copyFileSync(src, dest);
        }
      },
    },
  };
}
