// The replica-set and autoscaling lab of kvlab's own KubeVirt training
// (tests/fixtures/kubevirt-lab-training, docs/scaling/replica-sets) followed in the sandbox
// terminal command by command through the page's "Run in terminal" buttons, each checked
// against what the lab text says: the replica set reaches DESIRED 2 CURRENT 2 READY 2, its VMIs
// are named after it with five characters and run on the nodes, `kubectl scale` adds a third,
// and the HPA shows `cpu: 2%/75%` with REPLICAS 3. One page load; the editors' files come from
// their saved drafts (localStorage), as after the trainee typed the tasks' YAML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import type { StaticServer } from '../../scripts/lib/static-server.ts';
import { ARTIFACTS, launchBrowser } from './browser.ts';
import { kubevirtLabSite } from './fixture-site.ts';
import { runBlock } from './sandbox-term.ts';
import { openLabWithSolutions } from './trainee-profile.ts';

const USER = 'kv-scaler';
const SLUG = 'docs/scaling/replica-sets';
const VMI = /^lab04-cirros-replicaset[bcdfghjklmnpqrstvwxz2456789]{5}\s/;
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const rows = (out: string, name: RegExp) => out.split('\n').filter((l) => name.test(l));
const prompt = (what: string) => new RegExp(`${what}[^\\n]*\\n${USER}@sandbox:~\\$ $`);

/** Runs the nth block whose text matches until its output matches `done` (a trainee running it again). */
async function until(text: string | RegExp, done: RegExp, nth = 0, end = prompt('')): Promise<string> {
  let out = '';
  for (let i = 0; i < 60 && !done.test(out); i++) out = await runBlock(page, text, end, nth);
  return out;
}

beforeAll(async () => {
  server = await kubevirtLabSite();
  browser = await launchBrowser();
  ({ context, page } = await openLabWithSolutions(browser, server.url, SLUG, USER));
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe("kvlab's KubeVirt training: the replica-set and autoscaling lab in the sandbox terminal", () => {
  it('a VMI replica set runs its VMIs, kubectl scale adds one, the HPA reports cpu: 2%/75%', async () => {
    await runBlock(page, 'kubectl apply -f labs/lab04/vmirs_lab04-cirros.yaml', /virtualmachineinstancereplicaset\.kubevirt\.io\/lab04-cirros-replicaset created/);
    const rs = await until('kubectl get vmirs --namespace=', /lab04-cirros-replicaset\s+2\s+2\s+2\s/);
    expect(rs).toMatch(/NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nlab04-cirros-replicaset\s+2\s+2\s+2\s+\S+/);
    const vmis = rows(await runBlock(page, 'kubectl get vmis --namespace=', prompt('lab04-cirros-replicaset')), VMI);
    expect(vmis).toHaveLength(2);
    for (const r of vmis) expect(r).toMatch(/\s+Running\s+10\.244\.\d+\.\d+\s+training-worker-\d\s+True$/);

    await runBlock(page, 'kubectl scale vmirs', /virtualmachineinstancereplicaset\.kubevirt\.io\/lab04-cirros-replicaset scaled/);
    const three = rows(await until('-l kvlab.dev/replicaset=', /(lab04-cirros-replicaset\w{5}\s+\S+\s+Running[^\n]*True\n){3}/), VMI);
    expect(three).toHaveLength(3);
    // the first two stay as they were
    for (const r of vmis) expect(three.map((x) => x.split(/\s+/)[0])).toContain(r.split(/\s+/)[0]);

    await runBlock(page, 'kubectl apply -f labs/lab04/hpa_lab04-cirros.yaml', /horizontalpodautoscaler\.autoscaling\/lab04-cirros-replicaset created/);
    const hpa = await until('kubectl get hpa --namespace=', /cpu: 2%\/75%/);
    expect(hpa).toMatch(/NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\nlab04-cirros-replicaset\s+VirtualMachineInstanceReplicaSet\/lab04-cirros-replicaset\s+cpu: 2%\/75%\s+1\s+3\s+3\s+\S+/);
    await page.locator('#kvlab-terminal-root').screenshot({ path: join(ARTIFACTS, 'kubevirt-lab-scaling.png') });
  });
});
