// A training's cluster profile (site params kvlab.profile) judges its trainees' files: a kind the
// profile leaves out is refused as that cluster would, by the checker (lab.profile) and by lint.
import '../../../validators/load-all.ts';
import { describe, expect, it } from 'vitest';
import { checkLab } from '../../../exercises/check.ts';
import { lintExercises } from '../../../exercises/lint-fs.ts';
import { trainingLabs } from '../../../exercises/exercises-fs.ts';
import type { ResolvedLab } from '../../../exercises/types.ts';
import { loadTraining } from '../../../engine/load-fs.ts';
import { profileFromParams } from '../../../validators/profile.ts';

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

function lab(profile?: ResolvedLab['profile']): ResolvedLab {
  const file = 'labs/lab01/dv.yaml';
  return {
    lab: { slug: 'storage', labfoldernumber: '01' },
    files: { dv: file },
    ...(profile ? { profile } : {}),
    tasks: [{
      id: '1', title: 'A blank disk', changesFiles: true, checkedBy: 'requirements', reads: [], spec: { line: 1, column: 1 },
      files: [{ key: 'dv', path: file, start: '', solution: DV }],
      requirements: [{ id: '1.1', text: 'The file validates clean.', kind: 'validatesClean', file, spec: { line: 1, column: 1 } }],
    }],
  };
}

describe('the cluster profile in checks', () => {
  it('a DataVolume passes on the default profile and is refused where the profile runs no CDI', () => {
    const files = { 'labs/lab01/dv.yaml': DV };
    expect(checkLab(lab(), files).tasks[0]!.passed).toBe(true);
    const noCdi = profileFromParams({ kvlab: { profile: { name: 'no-cdi', components: { kubernetes: '1.32', kubevirt: 'v1.9.0' } } } });
    expect(noCdi.problems).toEqual([]);
    const r = checkLab(lab(noCdi.profile), files).tasks[0]!;
    expect(r.passed).toBe(false);
    expect(r.requirements[0]!.detail).toMatch(/no matches for kind "DataVolume" in version "cdi.kubevirt.io\/v1beta1"/);
  });

  it('lint reports a mistyped profile instead of silently using the default', () => {
    const training = loadTraining('content');
    training.params = { ...training.params, kvlab: { profile: { name: 'x', componets: {} } } };
    const d = lintExercises(training, { labs: [] }).find((x) => /site params: params\.kvlab\.profile\.componets/.test(x.message));
    expect(d?.severity).toBe('error');
  });

  it("a training's own profile reaches its labs (and only then: the default is not copied into each lab's JSON)", () => {
    const training = loadTraining('content');
    expect(trainingLabs(training).every((l) => l.lab.profile === undefined)).toBe(true);
    training.params = { ...training.params, kvlab: { profile: { name: 'no-cdi', components: { kubernetes: '1.32', kubevirt: 'v1.9.0' } } } };
    const labs = trainingLabs(training);
    expect(labs.length).toBeGreaterThan(0);
    expect(labs.every((l) => l.lab.profile?.name === 'no-cdi')).toBe(true);
  });
});
