// The site's /exercises/<lab>.json endpoint: one file per lab with an exercise, the ResolvedLab
// of the variant being built (what the editor fetches).
import { afterEach, describe, expect, it } from 'vitest';
import { getStaticPaths, GET } from '../../../site/pages/[...exercise].json.ts';
import { probesLab } from './lab.ts';

const saved = { one: process.env.KVLAB_VARIANT, all: process.env.KVLAB_VARIANTS };
afterEach(() => {
  if (saved.one === undefined) delete process.env.KVLAB_VARIANT;
  else process.env.KVLAB_VARIANT = saved.one;
  if (saved.all === undefined) delete process.env.KVLAB_VARIANTS;
  else process.env.KVLAB_VARIANTS = saved.all;
});

describe('/exercises/[lab].json', () => {
  it.each(['default', 'tolerations'])('emits the resolved probes lab of variant %s at 08.json', async (variant) => {
    process.env.KVLAB_VARIANT = variant;
    delete process.env.KVLAB_VARIANTS;
    const paths = getStaticPaths();
    expect(paths.map((p) => p.params)).toEqual([{ exercise: 'exercises/08' }]);
    const res = await GET({ props: paths[0].props } as never);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    const json = JSON.parse(await res.text());
    expect(json).toEqual(JSON.parse(JSON.stringify(probesLab(variant))));
    const vm = json.tasks[0].files[1].solution as string;
    expect(vm.includes('tolerations:')).toBe(variant === 'tolerations');
    expect(json.tasks[3]).toMatchObject({ id: '4', changesFiles: false, checkedBy: 'behaviour', files: [], reads: ['labs/lab08/vm_lab08-probe.yaml', 'labs/lab08/cloudinit-probe.yaml'] });
  });

  it('emits each variant under its own folder when kvlab build renders them in one run', async () => {
    process.env.KVLAB_VARIANTS = 'default,tolerations';
    const paths = getStaticPaths();
    expect(paths.map((p) => p.params)).toEqual([{ exercise: 'default/exercises/08' }, { exercise: 'tolerations/exercises/08' }]);
    const vms = await Promise.all(paths.map(async (p) => JSON.parse(await (await GET({ props: p.props } as never)).text()).tasks[0].files[1].solution as string));
    expect(vms.map((vm) => vm.includes('tolerations:'))).toEqual([false, true]);
  });
});
