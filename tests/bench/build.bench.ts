// Site build time by number of variants: `kvlab build` of this repository's content with 1, 2
// and 4 variants (the extra two are copies of `tolerations` under other names), each into a
// fresh folder, --jobs 2 (this machine's cores). Printed as seconds and as the ratio of N
// variants to 1 variant: the cost of one more variant. KVLAB_BENCH_RUNS (default 1) repeats
// each and takes the median.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const RUNS = Number(process.env.KVLAB_BENCH_RUNS ?? 1);
const work = mkdtempSync(join(tmpdir(), 'kvlab-build-bench-'));
const content = join(work, 'content');
cpSync(join(ROOT, 'content'), content, { recursive: true });
const site = readFileSync(join(content, 'site.yaml'), 'utf8');
writeFileSync(
  join(content, 'site.yaml'),
  site + '  extra-a:\n    params:\n      enabledModule: base tolerations\n  extra-b:\n    params:\n      enabledModule: base\n',
);
const VARIANTS = ['default', 'tolerations', 'extra-a', 'extra-b'];

function build(n: number): number {
  const out = join(work, `out-${n}`);
  const args = [join(ROOT, 'scripts', 'kvlab.mjs'), 'build', '--content', content, '--out', out, '--jobs', '2', ...VARIANTS.slice(0, n).flatMap((v) => ['--variant', v])];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const secs = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`kvlab build of ${n} variant(s) failed:\n${r.stdout}\n${r.stderr}`);
  rmSync(out, { recursive: true, force: true });
  return secs;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const times: Record<number, number> = {};
  for (const n of [1, 2, 4]) times[n] = median(Array.from({ length: RUNS }, () => build(n)));
  console.log(`kvlab build, this repository's content, --jobs 2, median of ${RUNS}`);
  for (const n of [1, 2, 4]) console.log(`${n} variant(s): ${times[n]!.toFixed(1).padStart(6)} s   ×${(times[n]! / times[1]!).toFixed(2)} of 1 variant`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
