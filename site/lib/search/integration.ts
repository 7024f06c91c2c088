// Site search (Node, build time): after each variant's build, Pagefind indexes the pages it
// wrote — only each page's <article> (data-pagefind-body), so menus and the sidebar do not
// match every query — into OUT/pagefind/, which the header's search dialog loads on first use.
// Starlight does the same; a variant's index holds only that variant's text.
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
// imported with the config: by build:done the module runner that loaded it is closed
import * as pagefind from 'pagefind';

export function kvlabSearch(): AstroIntegration {
  return {
    name: 'kvlab-search',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
        if (!index) throw new Error(`search index: ${errors.join('; ')}`);
        try {
          const added = await index.addDirectory({ path: fileURLToPath(dir) });
          if (added.errors.length) throw new Error(`search index: ${added.errors.join('; ')}`);
          const written = await index.writeFiles({ outputPath: fileURLToPath(new URL('pagefind/', dir)) });
          if (written.errors.length) throw new Error(`search index: ${written.errors.join('; ')}`);
          logger.info(`search index: ${added.page_count} page(s)`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
