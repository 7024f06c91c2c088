// Site search (Node, build time): after each variant's build, Pagefind indexes the pages it
// wrote — only each page's <article> (data-pagefind-body), so menus and the sidebar do not
// match every query — into OUT/pagefind/, which the header's search dialog loads on first use.
// Starlight does the same; a variant's index holds only that variant's text (when several
// variants build at once, each folder OUT/NAME/ gets its own OUT/NAME/pagefind/).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildVariants, variantFolder } from '../content/render-fs.ts';
// imported with the config: by build:done the module runner that loaded it is closed
import * as pagefind from 'pagefind';

export function kvlabSearch(): AstroIntegration {
  return {
    name: 'kvlab-search',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        try {
          for (const variant of buildVariants().variants) {
            const folder = join(fileURLToPath(dir), variantFolder(variant));
            const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
            if (!index) throw new Error(`search index: ${errors.join('; ')}`);
            const added = await index.addDirectory({ path: folder });
            if (added.errors.length) throw new Error(`search index: ${added.errors.join('; ')}`);
            const written = await index.writeFiles({ outputPath: join(folder, 'pagefind') });
            if (written.errors.length) throw new Error(`search index: ${written.errors.join('; ')}`);
            await index.deleteIndex();
            logger.info(`search index of ${variant}: ${added.page_count} page(s)`);
          }
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
