// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// One build per site variant: `kvlab build --variant NAME` sets KVLAB_VARIANT and the
// build lands in dist/NAME/. The content pipeline reads the same variable.
const variant = process.env.KVLAB_VARIANT || 'default';

export default defineConfig({
  srcDir: './site',
  outDir: `./dist/${variant}`,
  publicDir: './site/public',
  integrations: [mdx()],
  server: { port: 4321, host: true },
  devToolbar: { enabled: false },
});
