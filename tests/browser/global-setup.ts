// Builds every site variant once (unless KVLAB_TEST_REUSE_BUILD=1 and dist/ exists) and
// serves each from its own port; tests read the addresses with inject('sites').
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { FIXTURE_DIST } from './fixture-site.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    sites: Record<string, string>;
  }
}

const root = join(import.meta.dirname, '..', '..');
let servers: StaticServer[] = [];

export async function setup(project: TestProject): Promise<void> {
  const dist = join(root, 'dist');
  // the fixture training's build (fixture-site.ts) is made again on first use, unless reused
  if (process.env.KVLAB_TEST_REUSE_BUILD !== '1') rmSync(FIXTURE_DIST, { recursive: true, force: true });
  if (!(process.env.KVLAB_TEST_REUSE_BUILD === '1' && existsSync(join(dist, 'default')))) {
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error(`kvlab build failed with exit code ${result.status}`);
  }
  const sites: Record<string, string> = {};
  for (const variant of readdirSync(dist)) {
    const server = await serveStatic(join(dist, variant));
    servers.push(server);
    sites[variant] = server.url;
  }
  project.provide('sites', sites);
}

export async function teardown(): Promise<void> {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
}
