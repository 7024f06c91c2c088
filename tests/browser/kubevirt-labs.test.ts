// Two labs of kvlab's own KubeVirt training (tests/fixtures/kubevirt-lab-training) followed in
// the sandbox terminal as a trainee does, command by command through the page's "Run in
// terminal" buttons, each checked against what the lab text says the trainee will see:
// - the CDI lab: the DataVolume's progress climbs to 100.0% and Succeeded, the VM with its own
//   imported volume waits for it, runs, and its console logs in with the cloud-init password;
// - the live migration lab: virtctl migrate and a written VirtualMachineInstanceMigration each
//   go through their phases to Succeeded, and the VMI's node changes each time; then `kubectl
//   edit` on that page: the dialog with the page's editor loads only then, marks a change the
//   webhook refuses, the refused save comes back with kubectl's reasons, a fix is applied, and
//   Cancel prints kubectl's "Edit cancelled, no changes made."
// One page load per lab; the editors' files come from their saved drafts (localStorage), as
// after the trainee typed the tasks' YAML.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import type { StaticServer } from '../../scripts/lib/static-server.ts';
import { ARTIFACTS, launchBrowser } from './browser.ts';
import { kubevirtLabSite } from './fixture-site.ts';
import { interrupt, mark, runBlock, typeLine, waitForScreen } from './sandbox-term.ts';
import { openLabWithSolutions } from './trainee-profile.ts';

const USER = 'kv-trainee';
/** The lab's `kubectl get vmi lab03-mover … -o wide` blocks (the page shows $USER or the trainee's name). */
const WIDE = /lab03-mover --namespace=\S+ -o wide/;
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** What the kubectl edit dialog exposes (site/islands/editor/edit-dialog.ts). */
interface EditDialogWindow {
  kvlabEditDialog?: { model: { getValue(): string; setValue(t: string): void } };
}

/** A fresh profile whose editors hold every task's reference solution of the lab `slug`, its terminal at 60x. */
async function openLab(slug: string): Promise<void> {
  ({ context, page } = await openLabWithSolutions(browser, server.url, slug, USER));
}

/** The rows of `name` in a table printed after a command. */
const rows = (out: string, name: RegExp) => out.split('\n').filter((l) => name.test(l));

beforeAll(async () => {
  server = await kubevirtLabSite();
  browser = await launchBrowser();
}, 300_000);

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("kvlab's KubeVirt lab training in the sandbox terminal", () => {
  it('the CDI lab: the import reaches 100.0% Succeeded, the VM boots from its volume and the console logs in', async () => {
    await openLab('docs/disks/import-disk');
    // at 1x until the watch has started (the import must not be over before it), then 60x
    await typeLine(page, 'speed 1', /simulated time now runs 1x real time/);
    await runBlock(page, 'kubectl apply -f labs/lab02/dv_lab02-cirros.yaml', /datavolume\.cdi\.kubevirt\.io\/lab02-cirros created/);
    // the watch: the progress column climbs to 100.0% and the phase ends Succeeded
    const watching = runBlock(page, 'kubectl get datavolume lab02-cirros', /lab02-cirros\s+Succeeded\s+100\.0%/);
    await waitForScreen(page, /get datavolume lab02-cirros [^\n]*\nNAME/);
    await page.selectOption('.kvlab-term-speed select', '60');
    const watch = await watching;
    await page.locator('.kvlab-term .xterm').click();
    await interrupt(page, USER);
    expect(watch).toMatch(/NAME\s+PHASE\s+PROGRESS\s+RESTARTS\s+AGE/);
    const progress = rows(watch, /^lab02-cirros\s+ImportInProgress\s+\d+\.\d+%/).map((r) => Number(r.split(/\s+/)[2]!.replace('%', '')));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // the VM with its own DataVolume waits for it, then runs
    await page.selectOption('.kvlab-term-speed select', '1');
    await runBlock(page, 'kubectl apply -f labs/lab02/vm_lab02-fromdv.yaml', /virtualmachine\.kubevirt\.io\/lab02-fromdv created/);
    const dvRoot = new RegExp(`lab02-fromdv-root[^\\n]*\\n${USER}@sandbox`);
    expect(await runBlock(page, 'kubectl get dv --namespace=', dvRoot)).toMatch(/lab02-fromdv-root\s+(Pending|ImportScheduled|ImportInProgress)\s/);
    const vmWatching = runBlock(page, 'kubectl get vm lab02-fromdv', /lab02-fromdv\s+\S+\s+Running\s+True/);
    await waitForScreen(page, /get vm lab02-fromdv [^\n]*\nNAME/);
    await page.selectOption('.kvlab-term-speed select', '60');
    const vmWatch = await vmWatching;
    await page.locator('.kvlab-term .xterm').click();
    await interrupt(page, USER);
    expect(rows(vmWatch, /^lab02-fromdv\s/)[0]).toMatch(/^lab02-fromdv\s+\S+\s+(Provisioning|WaitingForVolumeBinding)\s+False/);
    const dvs = await runBlock(page, 'kubectl get dv --namespace=', dvRoot);
    expect(dvs).toMatch(/lab02-cirros\s+Succeeded\s+100\.0%/);
    expect(dvs).toMatch(/lab02-fromdv-root\s+Succeeded\s+100\.0%/);
    // its console: the login the lab names (fedora, the cloud-init password)
    await runBlock(page, 'virtctl console lab02-fromdv', /lab02-fromdv login: $/);
    await page.locator('.kvlab-term .xterm').click();
    await typeLine(page, 'fedora', /Password: $/);
    await typeLine(page, 'kubevirt', /\[fedora@lab02-fromdv ~\]\$ $/);
    await page.locator('#kvlab-terminal-root').screenshot({ path: join(ARTIFACTS, 'kubevirt-lab-cdi-console.png') });
    const from = await mark(page);
    await page.keyboard.press('Control+]');
    await waitForScreen(page, new RegExp(`${USER}@sandbox:~\\$ $`), from);
  });

  it('the live migration lab: virtctl migrate and a migration object reach Succeeded, the VMI changes node; then kubectl edit in the page editor', async () => {
    await openLab('docs/migration/live-migration');
    await runBlock(page, 'kubectl apply -f labs/lab03/vm_lab03-mover.yaml', /virtualmachine\.kubevirt\.io\/lab03-mover created/);
    // "Note the node it runs on": run the block again until the VMI is Running (as a trainee would)
    const nodeOf = (out: string) => rows(out, /^lab03-mover\s/).pop()!.split(/\s+/)[4]!;
    let wide = '';
    for (let i = 0; i < 60 && !/lab03-mover\s+\S+\s+Running\s/.test(wide); i++) wide = await runBlock(page, WIDE, new RegExp(`lab03-mover[^\\n]*\\n${USER}@sandbox`), 0);
    expect(wide).toMatch(/NAME\s+AGE\s+PHASE\s+IP\s+NODENAME\s+READY/);
    const first = nodeOf(wide);
    expect(first).toMatch(/^training-worker-\d$/);

    // at 1x until the watch has started, so it sees the phases on the way
    await page.selectOption('.kvlab-term-speed select', '1');
    await runBlock(page, 'virtctl migrate lab03-mover', /VM lab03-mover was scheduled to migrate/);
    const phases = ['Pending', 'Scheduling', 'Scheduled', 'PreparingTarget', 'TargetReady', 'Running', 'Succeeded'];
    const followed = (out: string, name: RegExp) => {
      const seen = rows(out, name).map((r) => r.split(/\s+/)[1]!);
      // each phase the watch printed is one of the migration's, in their order
      expect(seen.map((p) => phases.indexOf(p))).toEqual(seen.map((p) => phases.indexOf(p)).filter((i) => i >= 0).sort((a, b) => a - b));
      expect(seen.pop()).toBe('Succeeded');
    };
    const watching = runBlock(page, /kubectl get vmim --namespace=\S+ --watch/, /kubevirt-migrate-vm-\w+\s+Succeeded\s+lab03-mover/);
    await waitForScreen(page, /get vmim --namespace=\S+ --watch\nNAME/);
    await page.selectOption('.kvlab-term-speed select', '60');
    const quick = await watching;
    await page.locator('.kvlab-term .xterm').click();
    await interrupt(page, USER);
    followed(quick, /^kubevirt-migrate-vm-\w+\s/);
    expect(rows(quick, /^kubevirt-migrate-vm-\w+\s/).length).toBeGreaterThanOrEqual(2);
    const second = nodeOf(await runBlock(page, WIDE, new RegExp(`lab03-mover[^\\n]*\\n${USER}@sandbox`), 1));
    expect(second).toMatch(/^training-worker-\d$/);
    expect(second).not.toBe(first);

    await runBlock(page, 'kubectl apply -f labs/lab03/vmim_lab03-mover.yaml', /virtualmachineinstancemigration\.kubevirt\.io\/lab03-mover-migration created/);
    const named = await runBlock(page, 'kubectl get vmim lab03-mover-migration', /lab03-mover-migration\s+Succeeded\s+lab03-mover/);
    await page.locator('.kvlab-term .xterm').click();
    await interrupt(page, USER);
    followed(named, /^lab03-mover-migration\s/);
    const third = nodeOf(await runBlock(page, WIDE, new RegExp(`lab03-mover[^\\n]*\\n${USER}@sandbox`), 2));
    expect(third).not.toBe(second);
    await page.locator('#kvlab-terminal-root').screenshot({ path: join(ARTIFACTS, 'kubevirt-lab-migration.png') });

    // kubectl edit on the same page: the dialog's code loads only now
    const dialogChunk = async () => (await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))).filter((n) => /edit-dialog[^/]*\.js$/.test(n));
    expect(await dialogChunk()).toEqual([]);
    await page.locator('.kvlab-term .xterm').click();
    await page.keyboard.type('kubectl edit vm lab03-mover', { delay: 2 });
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog.kvlab-edit-dialog[open]');
    await dialog.locator('.monaco-editor .view-lines').waitFor();
    expect((await dialogChunk()).length).toBe(1);
    expect(await dialog.locator('h2').textContent()).toBe('kubectl edit virtualmachine.kubevirt.io/lab03-mover');
    const value = () => page.evaluate(() => (window as unknown as EditDialogWindow).kvlabEditDialog!.model.getValue());
    const setValue = (t: string) => page.evaluate((v) => (window as unknown as EditDialogWindow).kvlabEditDialog!.model.setValue(v), t);
    const opened = await value();
    expect(opened).toMatch(/^# Please edit the object below\. Lines beginning with a '#' will be ignored,\n/);
    expect(opened).toMatch(/\nkind: VirtualMachine\n/);
    expect(opened).toMatch(/\n {2}name: lab03-mover\n/);
    expect(opened).toMatch(/\nstatus:\n/);
    // a change KubeVirt's webhook refuses: the dialog's validation marks it, and saving is refused as kubectl edit is
    await setValue(opened.replace('  runStrategy: Always\n', '  running: true\n  runStrategy: Always\n'));
    await page.waitForFunction(() => document.querySelector('.kvlab-edit-status')?.getAttribute('data-state') === 'invalid');
    await dialog.screenshot({ path: join(ARTIFACTS, 'kubevirt-lab-kubectl-edit.png') });
    let from = await mark(page);
    await dialog.getByRole('button', { name: 'Save and apply' }).click();
    await waitForScreen(page, /error: virtualmachines\.kubevirt\.io "lab03-mover" is invalid/, from);
    // kubectl opens the file again with the reasons on top
    await page.waitForFunction(() => /was not valid:/.test((window as unknown as EditDialogWindow).kvlabEditDialog?.model.getValue() ?? ''));
    const again = await value();
    expect(again).toMatch(/# virtualmachines\.kubevirt\.io "lab03-mover" was not valid:\n# \* [^\n]*(running|RunStrategy)/i);
    // fixed, with a label added: applied
    from = await mark(page);
    await setValue(again.replace('  running: true\n', '').replace('  name: lab03-mover\n  namespace:', '  labels:\n    tier: mover\n  name: lab03-mover\n  namespace:'));
    await dialog.getByRole('button', { name: 'Save and apply' }).click();
    await waitForScreen(page, new RegExp(`virtualmachine\\.kubevirt\\.io/lab03-mover edited\\n${USER}@sandbox:~\\$ $`), from);
    expect(await page.locator('dialog.kvlab-edit-dialog').count()).toBe(0);
    await typeLine(page, 'kubectl get vm lab03-mover --show-labels', /lab03-mover\s[^\n]*tier=mover/);
    // opened again and cancelled: kubectl's words, nothing changed
    await page.keyboard.type('kubectl edit vm lab03-mover', { delay: 2 });
    from = await mark(page);
    await page.keyboard.press('Enter');
    await dialog.locator('.monaco-editor .view-lines').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await waitForScreen(page, new RegExp(`Edit cancelled, no changes made\\.\\n${USER}@sandbox:~\\$ $`), from);
  });
});
