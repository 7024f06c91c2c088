// `kvlab dev [--variant NAME] [--content DIR]` (npm run dev): Astro's dev server with hot
// reload; content files (outside site/) are watched too and reload the page when they change.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const summary = 'start the dev server with hot reload (npm run dev); --variant, --content DIR';

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log('Usage: kvlab dev [--variant NAME] [--content DIR] [-- astro dev options]\nServes the site on http://localhost:4321 and reloads on changes in site/ and the content folder.');
    return 0;
  }
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ASTRO_TELEMETRY_DISABLED: '1' };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--variant' && argv[i + 1]) env.KVLAB_VARIANT = argv[++i];
    else if (argv[i] === '--content' && argv[i + 1]) env.KVLAB_CONTENT = resolve(argv[++i]);
    else if (argv[i] !== '--') rest.push(argv[i]);
  }
  const root = join(import.meta.dirname, '..', '..');
  const child = spawn(process.execPath, [join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'dev', ...rest], { cwd: root, env, stdio: 'inherit' });
  return new Promise((done) => child.on('close', (code) => done(code ?? 1)));
}
