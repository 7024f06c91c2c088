// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { kvlabContent } from './site/lib/content/integration-fs.ts';
import { kvlabSearch } from './site/lib/search/integration.ts';
import { monacoSlim } from './site/islands/editor/monaco-slim.ts';

// One build per site variant: `kvlab build --variant NAME` sets KVLAB_VARIANT and the
// build lands in dist/NAME/. The content pipeline reads the same variable, and
// KVLAB_CONTENT (default content/) for the content folder (kvlab or Hugo layout).
const variant = process.env.KVLAB_VARIANT || 'default';

export default defineConfig({
  srcDir: './site',
  outDir: `${process.env.KVLAB_OUT || './dist'}/${variant}`,
  publicDir: './site/public',
  integrations: [mdx(), kvlabContent(), kvlabSearch()],
  server: { port: 4321, host: true },
  devToolbar: { enabled: false },
  // ES-module workers may split: the editor's validator worker loads the completion/hover
  // data (schema docs) only on the first completion or hover, not when the editor opens.
  // monacoSlim: Monaco modules the lab editor never runs are stubbed (site/islands/editor/monaco-slim.ts).
  vite: { plugins: [monacoSlim()], worker: { format: 'es' } },
});
