// `kvlab bench [NAME…]`: runs each benchmark in tests/bench/*.bench.ts in its own process,
// one after the other (so they do not compete for the two cores), and prints what each reports:
// our figures side by side with the named peer, as ratios. Tests never assert on time.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const summary = 'run the benchmarks (tests/bench/*.bench.ts) and print ratios against the peers';

const benchDir = join(import.meta.dirname, '..', '..', 'tests', 'bench');

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log('Usage: kvlab bench [NAME…]\nRuns tests/bench/NAME.bench.ts (all of them by default).');
    return 0;
  }
  const all = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort();
  const chosen = argv.length ? all.filter((f) => argv.some((a) => f.startsWith(a))) : all;
  if (argv.length && chosen.length === 0) {
    console.error(`kvlab bench: no benchmark matches ${argv.join(', ')}; known: ${all.join(', ')}`);
    return 2;
  }
  let failed = 0;
  for (const file of chosen) {
    console.log(`\n== ${file} ==`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], { stdio: 'inherit' });
    if (r.status !== 0) {
      failed++;
      console.error(`kvlab bench: ${file} exited with ${r.status}`);
    }
  }
  return failed ? 1 : 0;
}
