// `kvlab bench [NAME…]`: runs each benchmark in tests/bench/*.bench.ts in its own process,
// one after the other (so they do not compete for the two cores), and prints what each reports:
// our figures side by side with the named peer, as ratios. Tests never assert on time.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandArgs, argsOrExit, type ArgsResult } from '../lib/args.ts';

export const summary = 'run the benchmarks (tests/bench/*.bench.ts) and print ratios against the peers';

const benchDir = join(import.meta.dirname, '..', '..', 'tests', 'bench');

export const USAGE = 'Usage: kvlab bench [NAME…]\nRuns tests/bench/NAME.bench.ts (all of them by default; NAME may be a prefix).';

/** Pure: argv → the benchmark names asked for, or the one error to print (then exit 2). */
export function parseBenchArgs(argv: string[]): ArgsResult<{ names: string[]; help: boolean }> {
  return parseCommandArgs(argv, {}, (v, names) => ({ names, help: v.help }), { positionals: true });
}

export async function run(argv: string[]): Promise<number> {
  const args = argsOrExit('bench', parseBenchArgs(argv), USAGE);
  if (typeof args === 'number') return args;
  const names = args.names;
  const all = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort();
  const chosen = names.length ? all.filter((f) => names.some((a) => f.startsWith(a))) : all;
  if (names.length && chosen.length === 0) {
    console.error(`kvlab bench: no benchmark matches ${names.join(', ')}; known: ${all.join(', ')}`);
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
