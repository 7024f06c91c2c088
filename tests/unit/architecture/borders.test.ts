// The house's borders (.dependency-cruiser.cjs, docs/architecture.md) hold over the real tree,
// and the same rules catch each kind of crossing in a small fixture tree that has one of each.
import { join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = (await import(join(root, '.dependency-cruiser.cjs'))).default as { forbidden: unknown[]; options: Record<string, unknown> };
const ROOMS = ['validators', 'simulator', 'engine', 'exercises', 'sandbox', 'site', 'scripts'];

async function violations(cwd: string): Promise<string[]> {
  const here = process.cwd();
  process.chdir(cwd); // dependency-cruiser's path rules are relative to where it runs
  try {
    const rooms = ROOMS.filter((r) => existsSync(join(cwd, r)));
    const r = await cruise(rooms, { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true } as never, undefined, { tsConfig: undefined } as never);
    const out = r.output as ICruiseResult;
    return out.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => (typeof c === 'string' ? c : c.name)).join(' → ')})` : ''}`);
  } finally {
    process.chdir(here);
  }
}

import { existsSync } from 'node:fs';

describe('import borders', () => {
  it('no upward import, no loop, no Node built-in in a browser room: the real tree', async () => {
    const found = await violations(root);
    if (found.length) console.log(found.join('\n'));
    expect(found).toEqual([]);
  }, 120_000);

  it('reports each kind of crossing, naming the import (fixture tree)', async () => {
    const found = await violations(join(root, 'tests', 'fixtures', 'borders'));
    expect(found).toEqual(
      expect.arrayContaining([
        'validators-is-a-leaf: validators/bad-upward.ts → simulator/sim.ts',
        'no-node-in-browser-rooms: engine/bad-node.ts → fs',
        'sandbox-over-simulator: sandbox/bad-face.ts → site/islands/face.ts',
        'site-not-scripts: site/islands/face.ts → scripts/cli.ts',
      ]),
    );
    expect(found.some((v) => v.startsWith('no-circular: exercises/a.ts → exercises/b.ts'))).toBe(true);
    // an *-fs.ts file may use Node
    expect(found.some((v) => v.includes('engine/load-fs.ts'))).toBe(false);
  }, 120_000);
});
