// `kvlab build` argument handling and its content gate: a content error stops the build before
// Astro runs, with file:line:column, exit 1; unknown variants and bad options exit 2.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseBuildArgs } from '../../../scripts/commands/build.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const kvlab = (...args: string[]) => spawnSync(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'build', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe('kvlab build arguments', () => {
  it('reads variants, content, out and jobs in both option forms', () => {
    expect(parseBuildArgs(['--variant', 'a', '--variant=b', '--content=x', '--out', 'o', '--jobs', '1', '--verbose'])).toEqual({
      variants: ['a', 'b'],
      content: 'x',
      out: 'o',
      jobs: 1,
      verbose: true,
    });
    expect(parseBuildArgs([])).toMatchObject({ variants: [], content: 'content', out: 'dist' });
  });
  it('names what is wrong', () => {
    expect(parseBuildArgs(['--variant'])).toBe('--variant needs a value');
    expect(parseBuildArgs(['--jobs', '0'])).toBe('--jobs needs a positive whole number');
    expect(parseBuildArgs(['--fast'])).toBe('unknown option "--fast"');
  });
});

describe('kvlab build content gate', () => {
  it('stops on content errors with their positions before running Astro (exit 1)', () => {
    const r = kvlab('--content', 'tests/fixtures/lint-mistakes', '--out', '/tmp/kvlab-never-built');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('tests/fixtures/lint-mistakes/pages/lab.md:22:1: error: unclosed {{% details %}}: expected {{% /details %}} before the end of the file');
    expect(r.stderr).toContain('kvlab build: 10 content error(s); nothing was built.');
    expect(r.stdout).not.toContain('built ');
  });
  it('rejects an unknown variant and a bad option (exit 2)', () => {
    const v = kvlab('--variant', 'nope');
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(/unknown variant "nope"; .*content has: default, tolerations/);
    const o = kvlab('--fast');
    expect(o.status).toBe(2);
    expect(o.stderr).toContain('unknown option "--fast"');
  });
});
