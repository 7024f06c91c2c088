// `kvlab build [--variant NAME]… [--content DIR] [--out DIR] [--verbose]`: checks the content,
// then runs `astro build` once for all the variants (every one by default): the islands
// (editor, validators, terminal) are bundled once, each variant's pages rendered into its own
// folder, and the folders split apart into OUT/NAME/ (dist/ by default), each with its own copy
// of the shared files. A content problem stops before Astro, with file:line:column; a
// problem Hugo builds through (a `link` to a missing page) is a warning and the page shows a
// broken-link marker (`kvlab lint` still reports it as an error).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCommandArgs, positiveInteger, argsOrExit, type ArgsResult } from '../lib/args.ts';
import { checkContent, formatDiagnostic } from '../lib/content-check.ts';

export const summary = 'build the site, one folder per variant (dist/NAME/); --variant, --content DIR';

const root = join(import.meta.dirname, '..', '..');
const USAGE = `Usage: kvlab build [--variant NAME]… [--content DIR] [--out DIR] [--verbose]
  --variant NAME  build only this variant (repeatable); every variant by default
  --content DIR   content folder: kvlab layout (site.yaml + pages/) or a Hugo training
                  (config/_default/config.toml); default content/
  --out DIR       output folder; each variant goes to DIR/NAME/ (default dist/)
  --jobs N        accepted for older scripts; all variants now build in one Astro run
  --verbose       show Astro's own output`;

export interface BuildArgs {
  variants: string[];
  content: string;
  out: string;
  verbose: boolean;
  jobs: number;
  help: boolean;
}

const OPTIONS = {
  variant: { type: 'string', multiple: true },
  content: { type: 'string', default: 'content' },
  out: { type: 'string', default: 'dist' },
  jobs: { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

/** Pure: argv → options, or the one error to print (then exit 2). */
export function parseBuildArgs(argv: string[]): ArgsResult<BuildArgs> {
  return parseCommandArgs(argv, OPTIONS, (v) => ({
    variants: v.variant,
    content: v.content,
    out: v.out,
    verbose: v.verbose,
    jobs: v.jobs === undefined ? availableParallelism() : positiveInteger('--jobs', v.jobs),
    help: v.help,
  }));
}

/** Moves `from` to `to` (replacing it), copying when they lie on different file systems. */
function moveDir(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(join(to, '..'), { recursive: true });
  try {
    renameSync(from, to);
  } catch {
    cpSync(from, to, { recursive: true });
  }
}

/** Builds `variants` in one Astro run, then splits them into OUT/NAME/. */
async function astroBuild(variants: string[], content: string, out: string, verbose: boolean): Promise<{ code: number; output: string }> {
  // The build runs in its own staging folder inside the project, then replaces each OUT/NAME at
  // once: Astro writes its prerender chunks beside the output when the output lies inside the
  // working directory (else into a shared ./.astro/), those chunks must resolve the project's
  // node_modules, and two builds (or a reader of dist/) must not see each other's half-written files.
  const stage = join(root, '.kvlab-build', String(process.pid));
  rmSync(stage, { recursive: true, force: true });
  const result = await new Promise<{ code: number; output: string }>((done) => {
    const child = spawn(process.execPath, [join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
      cwd: root,
      env: { ...process.env, KVLAB_VARIANTS: variants.join(','), KVLAB_CONTENT: content, KVLAB_OUT: stage, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const take = (b: Buffer) => {
      output += b.toString();
      if (verbose) process.stdout.write(b);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
  if (result.code === 0) {
    // OUT/all/NAME/ holds a variant's pages; everything else in OUT/all/ (the bundles in
    // _astro/, the public files, the stand-alone simulator page) belongs to every variant.
    const all = join(stage, 'all');
    const shared = readdirSync(all).filter((f) => !variants.includes(f));
    for (const v of variants) {
      for (const f of shared) cpSync(join(all, f), join(all, v, f), { recursive: true });
      moveDir(join(all, v), join(out, v));
    }
  }
  rmSync(stage, { recursive: true, force: true });
  return result;
}

export async function run(argv: string[]): Promise<number> {
  const args = argsOrExit('build', parseBuildArgs(argv), USAGE);
  if (typeof args === 'number') return args;
  const content = resolve(args.content);
  const out = resolve(args.out);
  let report;
  try {
    report = checkContent(content, args.variants, 'build');
  } catch (e) {
    console.error(`kvlab build: ${(e as Error).message}`);
    return 2;
  }
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  for (const d of report.diagnostics) console.error(formatDiagnostic(d, report.variants));
  if (errors.length) {
    console.error(`kvlab build: ${errors.length} content error(s); nothing was built. Fix them (kvlab lint lists the same).`);
    return 1;
  }
  const total = Date.now();
  const r = await astroBuild(report.variants, content, out, args.verbose);
  const secs = ((Date.now() - total) / 1000).toFixed(1);
  if (r.code !== 0) {
    if (!args.verbose) console.error(r.output);
    console.error(`kvlab build: the build of ${report.variants.join(', ')} failed after ${secs}s`);
    return 1;
  }
  for (const variant of report.variants) console.log(`built ${variant.padEnd(14)} ${secs.padStart(6)}s  → ${join(args.out, variant)}/`);
  console.log(`built ${report.variants.length} variant(s) in ${secs}s (one Astro run: the islands bundled once)`);
  return 0;
}
