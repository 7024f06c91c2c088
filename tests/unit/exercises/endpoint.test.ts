// The site's /exercises/<lab>.json endpoint: one file per lab with an exercise, the ResolvedLab
// of the variant being built (what the editor fetches).
import { afterEach, describe, expect, it } from 'vitest';
import { getStaticPaths, GET } from '../../../site/pages/exercises/[lab].json.ts';
import { probesLab } from './lab.ts';

const saved = process.env.KVLAB_VARIANT;
afterEach(() => {
  if (saved === undefined) delete process.env.KVLAB_VARIANT;
  else process.env.KVLAB_VARIANT = saved;
});

describe('/exercises/[lab].json', () => {
  it.each(['default', 'tolerations'])('emits the resolved probes lab of variant %s at 08.json', async (variant) => {
    process.env.KVLAB_VARIANT = variant;
    const paths = getStaticPaths();
    expect(paths.map((p) => p.params)).toEqual([{ lab: '08' }]);
    const res = await GET({ props: paths[0].props } as never);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    const json = JSON.parse(await res.text());
    expect(json).toEqual(JSON.parse(JSON.stringify(probesLab(variant))));
    const vm = json.tasks[0].files[1].solution as string;
    expect(vm.includes('tolerations:')).toBe(variant === 'tolerations');
    expect(json.tasks[3]).toMatchObject({ id: '4', changesFiles: false, checkedBy: 'behaviour', files: [], reads: ['labs/lab08/vm_lab08-probe.yaml', 'labs/lab08/cloudinit-probe.yaml'] });
  });
});
