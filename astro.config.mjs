// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { kvlabContent } from './site/lib/content/integration-fs.ts';
import { kvlabSearch } from './site/lib/search/integration-fs.ts';
import { monacoSlim } from './site/islands/editor/monaco-slim-fs.ts';

// `kvlab build` runs Astro once for every variant (KVLAB_VARIANTS=a,b: each variant's pages in
// OUT/all/NAME/, the islands bundled once in OUT/all/_astro/) and then splits the folders
// apart into dist/NAME/ (scripts/commands/build.ts). The dev server and a plain `astro build`
// render one variant (KVLAB_VARIANT, default `default`) at the root. The content pipeline reads
// the same variables, and KVLAB_CONTENT (default content/) for the content folder.
const variant = process.env.KVLAB_VARIANTS ? 'all' : process.env.KVLAB_VARIANT || 'default';

export default defineConfig({
  srcDir: './site',
  outDir: `${process.env.KVLAB_OUT || './dist'}/${variant}`,
  publicDir: './site/public',
  integrations: [mdx(), kvlabContent(), kvlabSearch()],
  server: { port: 4321, host: true },
  devToolbar: { enabled: false },
  // ES-module workers may split: the editor's validator worker loads the completion/hover
  // data (schema docs) only on the first completion or hover, not when the editor opens.
  // monacoSlim: Monaco modules the lab editor never runs are stubbed (site/islands/editor/monaco-slim-fs.ts).
  vite: { plugins: [monacoSlim()], worker: { format: 'es' } },
});
