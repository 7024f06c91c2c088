// `kvlab validate --content DIR` and `kvlab sandbox --content DIR` judge files against the
// training's cluster profile (site params kvlab.profile), as kvlab lint and check do;
// `kvlab validate --profile FILE` names a profile directly.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseValidateArgs, runWith } from '../../../scripts/commands/validate.ts';
import { kvlabSandbox } from '../sandbox/run-sandbox.ts';
import { memIo } from './validate-io.ts';

const DV = `apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata:
  name: disk
spec:
  source:
    blank: {}
  storage:
    resources:
      requests:
        storage: 1Gi
`;

/** A kvlab-layout training whose cluster runs no CDI (and a variant that adds it back). */
function training(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kvlab-profile-'));
  mkdirSync(join(dir, 'pages'));
  writeFileSync(join(dir, 'pages', '_index.md'), '---\ntitle: Home\n---\nHello\n');
  writeFileSync(join(dir, 'site.yaml'), [
    'title: No CDI',
    'params:',
    '  kvlab:',
    '    profile:',
    '      name: no-cdi',
    '      components: {kubernetes: "1.32", kubevirt: v1.9.0}',
    'variants:',
    '  default: {}',
    '  withcdi:',
    '    params:',
    '      kvlab:',
    '        profile:',
    '          components: {kubernetes: "1.32", kubevirt: v1.9.0, cdi: v1.66.0}',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'dv.yaml'), DV);
  // a lab whose task starts labs/lab01/dv.yaml: the sandbox's ~/labs holds it
  writeFileSync(join(dir, 'pages', 'disk.md'), [
    '---', 'title: A disk', 'labfoldernumber: "01"', '---', '', '## {{% task %}} A blank disk', '',
    'Create a file called `dv.yaml` in the folder `labs/lab01` and start with this volume:', '', '```yaml', DV.trimEnd(), '```', '',
    'Make it 2Gi.', '', '{{% details title="Task hint" %}}', '```yaml', DV.replace('1Gi', '2Gi').trimEnd(), '```', '{{% /details %}}', '',
    '```bash', 'kubectl apply -f labs/lab01/dv.yaml', '```', '',
  ].join('\n'));
  return dir;
}

describe('kvlab validate: the cluster profile', () => {
  it('--content: the training\'s profile refuses a kind it does not serve; the default profile accepts it', async () => {
    const dir = training();
    const plain = memIo({ 'dv.yaml': DV });
    expect(await runWith(['dv.yaml'], plain)).toBe(0);
    expect(plain.stdout).not.toContain('no matches for kind');

    const io = memIo({ 'dv.yaml': DV });
    expect(await runWith(['dv.yaml', '--content', dir, '-o', 'json'], io)).toBe(1);
    const f = JSON.parse(io.stdout)[0].documents[0].findings[0];
    expect(f).toMatchObject({ stage: 'schema', severity: 'error', line: 2, column: 7, path: 'kind' });
    expect(f.message).toBe('no matches for kind "DataVolume" in version "cdi.kubevirt.io/v1beta1"');
    expect(f.hint).toMatch(/no-cdi/);
    expect(io.stderr).toBe('');

    // the variant's params are the profile's too
    const v = memIo({ 'dv.yaml': DV });
    expect(await runWith(['dv.yaml', '--content', dir, '--variant', 'withcdi'], v)).toBe(0);
  });

  it('--profile FILE overrides --content; a bad profile or folder exits 2 with what is wrong', async () => {
    const dir = training();
    const withCdi = 'name: lab-cluster\ncomponents:\n  kubernetes: "1.32"\n  kubevirt: v1.9.0\n  cdi: v1.66.0\n';
    expect(await runWith(['dv.yaml', '--content', dir, '--profile', 'p.yaml'], memIo({ 'dv.yaml': DV, 'p.yaml': withCdi }))).toBe(0);
    const omit = memIo({ 'dv.yaml': DV, 'p.yaml': 'omit: [cdi.kubevirt.io]\n' });
    expect(await runWith(['dv.yaml', '--profile', 'p.yaml'], omit)).toBe(1);
    expect(omit.stdout).toContain('dv.yaml:2:7: error [schema] (kind): no matches for kind "DataVolume" in version "cdi.kubevirt.io/v1beta1"');

    const bad = memIo({ 'dv.yaml': DV, 'p.yaml': 'componets: {}\n' });
    expect(await runWith(['dv.yaml', '--profile', 'p.yaml'], bad)).toBe(2);
    expect(bad.stderr).toBe('kvlab validate: --profile p.yaml: the profile.componets is not a profile field (name, components, omit)\n');
    const missing = memIo({ 'dv.yaml': DV });
    expect(await runWith(['dv.yaml', '--profile', 'nope.yaml'], missing)).toBe(2);
    expect(missing.stderr).toBe('kvlab validate: --profile nope.yaml: ENOENT\n');
    const noDir = memIo({ 'dv.yaml': DV });
    expect(await runWith(['dv.yaml', '--content', join(dir, 'nope')], noDir)).toBe(2);
    expect(noDir.stderr).toMatch(/^kvlab validate: --content .*nope: content folder .*nope does not exist\n$/);
    expect(parseValidateArgs(['x', '--variant', 'v'])).toEqual({ ok: false, error: '--variant goes with --content' });
  });
});

describe('kvlab sandbox --content: kubectl apply under the training\'s profile', () => {
  it('refuses a DataVolume where the training runs no CDI, creates it on the default profile', async () => {
    const dir = training();
    const script = join(dir, 's.sh');
    writeFileSync(script, 'kubectl apply -f labs/lab01/dv.yaml\n');
    const refused = await kvlabSandbox(['--run', script, '--content', dir]);
    expect(refused.out).toContain('no matches for kind "DataVolume" in version "cdi.kubevirt.io/v1beta1"');
    expect(refused.code).toBe(1);
    const accepted = await kvlabSandbox(['--run', script, '--content', dir, '--variant', 'withcdi']);
    expect(accepted.out).toContain('datavolume.cdi.kubevirt.io/disk created');
    expect(accepted.code).toBe(0);
  });
});
