// `kvlab dev [--variant NAME] [--content DIR] [-- astro dev options]` (npm run dev): Astro's dev
// server with hot reload; content files (outside site/) are watched too and reload the page when
// they change.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseCommandArgs, argsOrExit, type ArgsResult } from '../lib/args.ts';

export const summary = 'start the dev server with hot reload (npm run dev); --variant, --content DIR';

export const USAGE = `Usage: kvlab dev [--variant NAME] [--content DIR] [-- astro dev options]
Serves the site on http://localhost:4321 and reloads on changes in site/ and the content folder.
  --variant NAME  the variant to serve (default: the first)
  --content DIR   content folder (default content/)
  -- …            everything after -- goes to astro dev (e.g. -- --port 3000 --host)`;

export interface DevArgs {
  variant?: string;
  content?: string;
  /** What comes after `--`, for astro dev. */
  astro: string[];
  help: boolean;
}

/** Pure: argv → options, or the one error to print (then exit 2). */
export function parseDevArgs(argv: string[]): ArgsResult<DevArgs> {
  const end = argv.indexOf('--');
  const own = end < 0 ? argv : argv.slice(0, end);
  const astro = end < 0 ? [] : argv.slice(end + 1);
  return parseCommandArgs(own, { variant: { type: 'string' }, content: { type: 'string' } }, (v) => ({
    ...(v.variant ? { variant: v.variant } : {}),
    ...(v.content ? { content: v.content } : {}),
    astro,
    help: v.help,
  }));
}

export async function run(argv: string[]): Promise<number> {
  const args = argsOrExit('dev', parseDevArgs(argv), USAGE);
  if (typeof args === 'number') return args;
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ASTRO_TELEMETRY_DISABLED: '1' };
  if (args.variant) env.KVLAB_VARIANT = args.variant;
  if (args.content) env.KVLAB_CONTENT = resolve(args.content);
  const root = join(import.meta.dirname, '..', '..');
  const child = spawn(process.execPath, [join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'dev', ...args.astro], { cwd: root, env, stdio: 'inherit' });
  return new Promise((done) => child.on('close', (code) => done(code ?? 1)));
}
