// `kvlab build [--variant NAME]… [--content DIR] [--out DIR] [--verbose]`: checks the content,
// then runs `astro build` once per variant (all by default) into OUT/NAME/ (dist/ by default),
// printing the time of each. A content problem stops before Astro, with file:line:column; a
// problem Hugo builds through (a `link` to a missing page) is a warning and the page shows a
// broken-link marker (`kvlab lint` still reports it as an error).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { checkContent, formatDiagnostic } from '../lib/content-check.ts';

export const summary = 'build the site, one folder per variant (dist/NAME/); --variant, --content DIR';

const root = join(import.meta.dirname, '..', '..');
const USAGE = `Usage: kvlab build [--variant NAME]… [--content DIR] [--out DIR] [--verbose]
  --variant NAME  build only this variant (repeatable); every variant by default
  --content DIR   content folder: kvlab layout (site.yaml + pages/) or a Hugo training
                  (config/_default/config.toml); default content/
  --out DIR       output folder; each variant goes to DIR/NAME/ (default dist/)
  --jobs N        variants built at the same time (default: one per CPU core)
  --verbose       show Astro's own output`;

export interface BuildArgs {
  variants: string[];
  content: string;
  out: string;
  verbose: boolean;
  jobs: number;
}

export function parseBuildArgs(argv: string[]): BuildArgs | string {
  const args: BuildArgs = { variants: [], content: 'content', out: 'dist', verbose: false, jobs: availableParallelism() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--variant') args.variants.push(value());
      else if (a.startsWith('--variant=')) args.variants.push(a.slice(10));
      else if (a === '--content') args.content = value();
      else if (a.startsWith('--content=')) args.content = a.slice(10);
      else if (a === '--out') args.out = value();
      else if (a.startsWith('--out=')) args.out = a.slice(6);
      else if (a === '--verbose') args.verbose = true;
      else if (a === '--jobs' || a.startsWith('--jobs=')) {
        const n = Number(a === '--jobs' ? value() : a.slice(7));
        if (!Number.isInteger(n) || n < 1) return `--jobs needs a positive whole number`;
        args.jobs = n;
      }
      else return `unknown option "${a}"`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  return args;
}

/** Builds one variant into OUT/NAME/. */
async function astroBuild(variant: string, content: string, out: string, verbose: boolean): Promise<{ code: number; output: string }> {
  // Each build runs in its own staging folder inside the project, then replaces OUT/NAME at once:
  // Astro writes its prerender chunks beside the output when the output lies inside the working
  // directory (else into a shared ./.astro/), those chunks must resolve the project's
  // node_modules, and two builds of the same variant (or a reader of dist/) must not see each
  // other's half-written files.
  const stage = join(root, '.kvlab-build', `${process.pid}-${variant}`);
  rmSync(stage, { recursive: true, force: true });
  const result = await new Promise<{ code: number; output: string }>((done) => {
    const child = spawn(process.execPath, [join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
      cwd: root,
      env: { ...process.env, KVLAB_VARIANT: variant, KVLAB_CONTENT: content, KVLAB_OUT: stage, ASTRO_TELEMETRY_DISABLED: '1' },
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
  const dest = join(out, variant);
  if (result.code === 0) {
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    try {
      renameSync(join(stage, variant), dest);
    } catch {
      cpSync(join(stage, variant), dest, { recursive: true }); // another file system
    }
  }
  rmSync(stage, { recursive: true, force: true });
  return result;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const args = parseBuildArgs(argv);
  if (typeof args === 'string') {
    console.error(`kvlab build: ${args}\n${USAGE}`);
    return 2;
  }
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
  // Variants build side by side (each is its own `astro build` process), at most --jobs at once.
  const queue = [...report.variants];
  let failed = false;
  const worker = async () => {
    for (let variant = queue.shift(); variant !== undefined && !failed; variant = queue.shift()) {
      const started = Date.now();
      const r = await astroBuild(variant, content, out, args.verbose);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (r.code !== 0) {
        if (!args.verbose) console.error(r.output);
        console.error(`kvlab build: variant ${variant} failed after ${secs}s`);
        failed = true;
        return;
      }
      console.log(`built ${variant.padEnd(14)} ${secs.padStart(6)}s  → ${join(args.out, variant)}/`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.jobs, report.variants.length) }, worker));
  if (failed) return 1;
  console.log(`built ${report.variants.length} variant(s) in ${((Date.now() - total) / 1000).toFixed(1)}s`);
  return 0;
}
