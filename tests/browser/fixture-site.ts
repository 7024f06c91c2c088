// kvlab's own KubeVirt lab training (tests/fixtures/kubevirt-lab-training), built once per browser
// run into dist-fixtures/ (global-setup empties it unless KVLAB_TEST_REUSE_BUILD=1) and served
// by each test file that needs it, so several files share one build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';

const root = join(import.meta.dirname, '..', '..');
export const FIXTURE_DIST = join(root, 'dist-fixtures');

/** The fixture training's default variant, built if this run has not built it yet, and served. */
export async function kubevirtLabSite(): Promise<StaticServer> {
  const out = join(FIXTURE_DIST, 'kubevirt-lab-training');
  if (!existsSync(join(out, 'default', 'index.html'))) {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'build', '--content', 'tests/fixtures/kubevirt-lab-training', '--out', out, '--variant', 'default'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`kvlab build of the KubeVirt fixture failed:\n${r.stdout}${r.stderr}`);
  }
  return serveStatic(join(out, 'default'));
}
