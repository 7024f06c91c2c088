// Every complete manifest (a YAML document with apiVersion and kind) in the project's content and
// in the trainings kept as fixtures (kvlab's own Kubernetes basics and KubeVirt lab trainings)
// gets a verdict, and none is refused with `no matches for kind` unless the cluster would refuse
// it too (listed below with the reason). Fragments (no apiVersion or kind) are recognised and
// skipped, never reported. KVLAB_REAL_TRAINING=DIR and KVLAB_REAL_BASICS=DIR (e.g. a clone of acend's
// Kubernetes Basics) run the same on trainings kept outside the repository (skipped when unset).
import { isAbsolute, join } from 'node:path';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadTraining, trainingFileReader } from '../../../engine/load-fs.ts';
import { renderPage } from '../../../engine/pages.ts';
import { validateText } from '../../../validators/index.ts';
import { KUBECTL_JS_YAML } from '../../../validators/kubectl-yaml.ts';

const root = join(import.meta.dirname, '..', '..', '..');

interface Tally { blocks: number; manifests: number; fragments: number; unparsable: number; valid: number; notServed: string[]; invalid: string[] }

function tally(dir: string): Tally {
  const training = loadTraining(dir);
  const read = trainingFileReader(training);
  const t: Tally = { blocks: 0, manifests: 0, fragments: 0, unparsable: 0, valid: 0, notServed: [], invalid: [] };
  for (const page of training.pages) {
    for (const block of renderPage(training, page, '/', read).codeBlocks) {
      if (!/^ya?ml$/i.test(block.lang)) continue;
      t.blocks++;
      let docs: unknown[];
      try {
        docs = jsyaml.loadAll(block.text, undefined, { schema: KUBECTL_JS_YAML });
      } catch {
        // `[...]` marks an elided excerpt (a fragment); anything else is text that is not YAML as written.
        if (block.text.includes('[...]')) t.fragments++;
        else t.unparsable++;
        continue;
      }
      const complete = (d: unknown) => !!d && typeof d === 'object' && 'apiVersion' in d && 'kind' in d;
      t.fragments += docs.filter((d) => d !== null && !complete(d)).length;
      if (!docs.some(complete)) continue;
      const results = validateText(block.text, { file: page.file });
      results.forEach((r, i) => {
        if (!complete(docs[i])) return;
        t.manifests++;
        if (r.valid) t.valid++;
        else t.invalid.push(`${page.relFile}: ${(r.findings.find((f) => f.severity === 'error') ?? r.findings[0])?.message ?? ''}`);
        for (const f of r.findings) if (/^no matches for kind/.test(f.message)) t.notServed.push(`${page.file}:${block.line}: ${f.message}`);
      });
    }
  }
  return t;
}

const reals = [process.env.KVLAB_REAL_TRAINING, process.env.KVLAB_REAL_BASICS].filter((d): d is string => !!d);

describe('complete manifests of real trainings', () => {
  it.each([
    ['content', 'content', []],
    ["kvlab's Kubernetes basics training", 'tests/fixtures/k8s-basics-training', []],
    ["kvlab's KubeVirt lab training", 'tests/fixtures/kubevirt-lab-training', []],
  ] as [string, string, RegExp[]][])('%s: no `no matches for kind` for a served kind', (name, dir, expected) => {
    const t = tally(join(root, dir));
    console.log(`${name}: ${t.blocks} yaml blocks, ${t.manifests} complete manifests (${t.valid} valid), ${t.fragments} fragments, ${t.unparsable} not YAML as written; not served: ${t.notServed.length}`);
    expect(t.notServed.length, t.notServed.join('\n')).toBe(expected.length);
    expected.forEach((re, i) => expect(t.notServed[i]).toMatch(re));
  });
});

describe("kvlab's Kubernetes basics training", () => {
  it('every complete manifest it shows is valid but the Ingress template with placeholders in its host; the YAML primer shows fragments and one mistake', () => {
    const t = tally(join(root, 'tests/fixtures/k8s-basics-training'));
    expect([t.manifests, t.valid, t.fragments, t.unparsable]).toEqual([5, 4, 6, 1]);
    expect(t.invalid).toEqual([expect.stringMatching(/^docs\/exposing-a-service\/_index\.md: .*spec\.rules\[0\]\.host: Invalid value: "hello-web-<namespace>\.<appdomain>"/)]);
  });
});

describe("kvlab's KubeVirt lab training", () => {
  it('every complete manifest it shows is valid; the cloud-config user data and the `[...]` excerpt are fragments', () => {
    const t = tally(join(root, 'tests/fixtures/kubevirt-lab-training'));
    expect([t.manifests, t.valid, t.fragments, t.unparsable]).toEqual([16, 16, 2, 0]);
  });
});

describe.skipIf(!reals.length)('real trainings outside the repository (KVLAB_REAL_TRAINING, KVLAB_REAL_BASICS)', () => {
  it.each(reals)('%s: no `no matches for kind` for a served kind', (real) => {
    const t = tally(isAbsolute(real) ? real : join(root, real));
    console.log(`${real}: ${t.blocks} yaml blocks, ${t.manifests} complete manifests (${t.valid} valid), ${t.fragments} fragments, ${t.unparsable} not YAML as written; not served: ${t.notServed.length}`);
    console.log(`refused (each with its first error; the cluster refuses them too, see the closing notes):\n${t.invalid.join('\n')}`);
    expect(t.notServed, t.notServed.join('\n')).toEqual([]);
  });
});
