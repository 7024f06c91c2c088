// The sandbox terminal in headless Chromium on the built probes lab: xterm loads only when the
// trainee opens the terminal; the lab's commands typed one by one (create secret, apply,
// virtctl start, kubectl get vmi -w) bring the VMI to Running and READY True at the simulated
// times simulate() predicts for the same files; "Run in terminal" runs a code block; after
// navigating to another page and back the same shell, screen and history are there. kubectl
// apply's validators run in the page's validator worker, started when the terminal opens: the
// main thread never fetches a validator module.
// Each test has a browser context of its own (fresh localStorage with the editors' drafts, made
// in beforeEach) and runs the commands it needs itself, so it passes alone and in any order.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS, launchBrowser } from './browser.ts';
import { draftKey } from '../../site/lib/progress.ts';
import { simulate } from '../../simulator/simulate.ts';
import { humanDuration } from '../../sandbox/format.ts';
import { startGateway, token, type RunningGateway } from '../gateway/harness.ts';
import { siteWithGateway, type GatewaySite } from './built-gateway.ts';
import { screen as screenText, waitForScreen as waitForScreenText } from './sandbox-term.ts';
import { traineeContext } from './trainee-profile.ts';

const USER = 'term-test';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
let files: Record<string, string>;
/** The editors' saved files of tasks 1 and 2, as localStorage entries. */
let drafts: Record<string, string>;
/** Scripts the validator worker was started with, and every script URL requested (worker's too). */
const workers: string[] = [];
const requested: string[] = [];

/** The scripts the page's main thread fetched (resource timing of the document, not of workers). */
async function mainThreadScripts(p: Page = page): Promise<string[]> {
  return p.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\.js(\?|$)/.test(n)));
}
const VALIDATOR_CHUNK = /\/(validators|compiled|kinds)[-.][^/]*\.js$/;

interface Lab {
  tasks: { id: string; files: { path: string; solution: string }[] }[];
}

/** The terminal's screen as text (xterm's buffer, wrapped lines joined). */
const screen = (p: Page = page): Promise<string> => screenText(p);

const waitForScreen = (re: RegExp, timeout = 60_000, p: Page = page): Promise<string> => waitForScreenText(p, re, 0, timeout);

/** Types a command into the terminal and waits for the prompt after it. */
async function type(command: string, expectOut?: RegExp): Promise<string> {
  const before = (await screen()).split('\n').length;
  await page.keyboard.type(command, { delay: 2 });
  await page.keyboard.press('Enter');
  if (!expectOut) return '';
  const s = await waitForScreen(new RegExp(`${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[\\s\\S]*${expectOut.source}`));
  return s.split('\n').slice(before - 1).join('\n');
}

beforeAll(async () => {
  base = inject('sites').default!;
  const lab = (await (await fetch(new URL('exercises/08.json', base))).json()) as Lab;
  const sol = (task: string, path: string) => lab.tasks.find((t) => t.id === task)!.files.find((f) => f.path === path)!.solution;
  files = {
    'labs/lab08/cloudinit-probe.yaml': sol('1', 'labs/lab08/cloudinit-probe.yaml'),
    'labs/lab08/vm_lab08-probe.yaml': sol('2', 'labs/lab08/vm_lab08-probe.yaml'),
  };
  drafts = {};
  const scope = { user: USER, lab: '08', variant: 'default' };
  drafts[draftKey(scope, '1', 'labs/lab08/cloudinit-probe.yaml')] = JSON.stringify({ text: files['labs/lab08/cloudinit-probe.yaml'], savedAt: 1 });
  drafts[draftKey(scope, '2', 'labs/lab08/vm_lab08-probe.yaml')] = JSON.stringify({ text: files['labs/lab08/vm_lab08-probe.yaml'], savedAt: 2 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A browser profile of its own: the trainee's name and the files as the editors would have saved them (task 1 and 2 drafts). */
async function freshLabContext(): Promise<void> {
  workers.length = 0;
  requested.length = 0;
  context = await traineeContext(browser, USER, drafts);
  page = await context.newPage();
  page.on('worker', (w) => workers.push(w.url()));
  page.on('request', (r) => requested.push(r.url()));
}

/** The probes lab with the sandbox terminal open at its prompt. */
async function openLabTerminal(): Promise<void> {
  await page.goto(new URL('probes/', base).href, { waitUntil: 'networkidle' });
  await page.click('#terminal-toggle');
  await page.locator('.kvlab-term .xterm').waitFor();
  await waitForScreen(new RegExp(`${USER}@sandbox:~\\$ $`));
}

/** The lab's commands at 60x: the secret, the VM applied and started, watched until its VMI is Running and Ready. */
async function startLabVm(): Promise<void> {
  await page.locator('.kvlab-term .xterm').click();
  await type('speed 60', /simulated time now runs 60x real time/);
  await type('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml --namespace=$USER', /secret\/lab08-cloudinit-probe created/);
  await type('kubectl apply -f labs/lab08/vm_lab08-probe.yaml --namespace=$USER', /virtualmachine\.kubevirt\.io\/lab08-probe created/);
  await type('virtctl start lab08-probe --namespace=$USER', /VM lab08-probe was scheduled to start/);
  await type('kubectl get vmi -w --namespace=$USER', /lab08-probe\s+\S+\s+Running\s+[\d.]+\s+\S+\s+True/);
  await page.keyboard.press('Control+C');
  await waitForScreen(new RegExp(`\\n${USER}@sandbox:~\\$ $`)); // the watch has ended: the prompt again
}

describe('sandbox terminal on the probes lab', () => {
  beforeEach(freshLabContext);
  afterEach(async () => {
    await context?.close();
  });

  it('loads xterm only when opened, says it is in sandbox mode', async () => {
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) scripts.push(r.url());
    });
    await page.goto(new URL('probes/', base).href, { waitUntil: 'networkidle' });
    expect(await page.locator('.xterm').count()).toBe(0);
    const beforeOpen = scripts.length;
    await page.click('#terminal-toggle');
    await page.locator('.kvlab-term .xterm').waitFor();
    expect(scripts.length).toBeGreaterThan(beforeOpen);
    await expect.poll(() => page.locator('.kvlab-term-mode').textContent()).toContain('Sandbox');
    expect(await page.locator('.kvlab-term-mode').textContent()).toContain(`namespace ${USER} (no gateway configured)`);
    await waitForScreen(new RegExp(`${USER}@sandbox:~\\$ $`));
    // the validator worker starts with the terminal (to be warm for the first apply)
    await expect.poll(() => workers.some((u) => /validator\.worker/.test(u))).toBe(true);
  });

  it('the lab commands bring the VMI to Running and READY True when simulate() says', async () => {
    const predicted = simulate({ vm: files['labs/lab08/vm_lab08-probe.yaml']!, userData: files['labs/lab08/cloudinit-probe.yaml'], until: 600 }).summary;
    expect(predicted.readyAt).toBeDefined();
    await openLabTerminal();
    await page.locator('.kvlab-term .xterm').click();
    // real time while typing barely moves the clock at 1x; the speed control speeds up the watch
    await type('speed 1', /simulated time now runs 1x real time/);
    await type('ls labs/lab08', /cloudinit-probe\.yaml\s+vm_lab08-probe\.yaml/);
    await type('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml --namespace=$USER', /secret\/lab08-cloudinit-probe created/);
    await type('kubectl apply -f labs/lab08/vm_lab08-probe.yaml --namespace=$USER', /virtualmachine\.kubevirt\.io\/lab08-probe created/);
    await page.locator('#kvlab-terminal-root').screenshot({ path: join(ARTIFACTS, 'terminal-apply-accepted.png') });
    // judged by the validators in the worker: they were fetched, but never by the main thread
    expect(requested.filter((u) => VALIDATOR_CHUNK.test(u)).length).toBeGreaterThan(0);
    expect((await mainThreadScripts()).filter((u) => VALIDATOR_CHUNK.test(u))).toEqual([]);
    await type('virtctl start lab08-probe --namespace=$USER', /VM lab08-probe was scheduled to start/);
    const watching = type('kubectl get vmi -w --namespace=$USER', /lab08-probe\s+\S+\s+Running\s+[\d.]+\s+\S+\s+True/);
    await waitForScreen(/get vmi -w --namespace=\$USER\nNAME/);
    await page.selectOption('.kvlab-term-speed select', '60');
    const out = await watching;
    await page.keyboard.press('Control+C');
    const rows = out.split('\n').filter((l) => /^lab08-probe\s/.test(l));
    const phases = rows.map((r) => r.split(/\s+/)[2]);
    const all = ['Pending', 'Scheduling', 'Scheduled', 'Running', 'Running'];
    expect(phases.length).toBeGreaterThanOrEqual(3);
    expect(all.slice(all.length - phases.length)).toEqual(phases);
    expect(rows.slice(0, -1).every((r) => r.endsWith('False'))).toBe(true);
    // the cluster's own times, relative to virtctl start, are simulate()'s
    const times = await page.evaluate(() => {
      const ev = (window as unknown as { kvlabTerminal: { shell: { sandbox: { cluster: { events: { t: number; source: string; type: string; detail: Record<string, unknown> }[] } } } } }).kvlabTerminal.shell.sandbox.cluster.events;
      const start = ev.find((e) => e.source === 'vm' && e.type === 'start')!.t;
      return {
        running: ev.find((e) => e.source === 'vmi' && e.type === 'phase' && e.detail.phase === 'Running')!.t - start,
        ready: ev.find((e) => e.source === 'vmi' && e.type === 'condition' && e.detail.status === 'True')!.t - start,
      };
    });
    expect(times.running).toBeCloseTo(predicted.runningAt!, 6);
    expect(times.ready).toBeCloseTo(predicted.readyAt!, 6);
    // the watch printed READY True at that age (the shell follows the clock in 1 s steps)
    const age = rows[rows.length - 1]!.split(/\s+/)[1]!;
    expect([humanDuration(predicted.readyAt!), humanDuration(predicted.readyAt! + 1)]).toContain(age);
    await type('kubectl get vmi --namespace=$USER', /NAME\s+AGE\s+PHASE\s+IP\s+NODENAME\s+READY\nlab08-probe\s+\S+\s+Running\s+\S+\s+\S+\s+True/);
    await page.locator('#kvlab-terminal-root').screenshot({ path: join(ARTIFACTS, 'terminal-sandbox.png') });
  });

  it('a rejected apply prints what the API server would', async () => {
    await openLabTerminal();
    await page.locator('.kvlab-term .xterm').click();
    await type('echo "apiVersion: kubevirt.io/v1" > bad.yaml && echo "kind: VirtualMachine" >> bad.yaml && echo "metadata: {name: x}" >> bad.yaml && echo "spec: {runing: true}" >> bad.yaml', /\$ $/);
    await type('kubectl apply -f bad.yaml', /Error from server \(BadRequest\): error when creating "bad\.yaml": VirtualMachine in version "v1" cannot be handled as a VirtualMachine: strict decoding error: unknown field "spec\.runing"\n[^\n]*@sandbox:~\$ $/);
    await page.locator('#kvlab-terminal-root').screenshot({ path: join(ARTIFACTS, 'terminal-apply-rejected.png') });
    // an admission denial, and the line after it runs once the worker has answered (&& skipped)
    await type(
      'echo "apiVersion: kubevirt.io/v1" > both.yaml && echo "kind: VirtualMachine" >> both.yaml && echo "metadata: {name: both}" >> both.yaml && echo "spec: {running: false, runStrategy: Always, template: {spec: {domain: {devices: {}}}}}" >> both.yaml',
      /\$ $/,
    );
    await type('kubectl apply -f both.yaml && echo applied || echo refused', /admission webhook "virtualmachine-validator\.kubevirt\.io" denied the request: [^\n]*\nrefused\n[^\n]*@sandbox:~\$ $/);
    await type('kubectl get vmi nope', /Error from server \(NotFound\): virtualmachineinstances\.kubevirt\.io "nope" not found/);
  });

  it('"Run in terminal" runs a code block with the trainee\'s name', async () => {
    await openLabTerminal();
    await startLabVm();
    const block = page.locator('.code-block', { hasText: 'kubectl get vmi --namespace=' }).first();
    await block.scrollIntoViewIfNeeded();
    await block.getByRole('button', { name: 'Run in terminal' }).click();
    await waitForScreen(new RegExp(`kubectl get vmi --namespace=(\\$USER|${USER})\\nNAME\\s+AGE\\s+PHASE[^\\n]*\\nlab08-probe\\s+\\S+\\s+Running[^\\n]*True\\n${USER}@sandbox:~\\$ $`));
  });

  it('another page and back: the same shell, screen and history', async () => {
    await openLabTerminal();
    await startLabVm();
    // the last command, from "Run in terminal"
    const block = page.locator('.code-block', { hasText: 'kubectl get vmi --namespace=' }).first();
    await block.scrollIntoViewIfNeeded();
    await block.getByRole('button', { name: 'Run in terminal' }).click();
    await waitForScreen(new RegExp(`kubectl get vmi --namespace=(\\$USER|${USER})\\nNAME[^\\n]*\\nlab08-probe\\s+\\S+\\s+Running[^\\n]*True\\n${USER}@sandbox:~\\$ $`));
    await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
    await page.goto(new URL('getting-started/', base).href, { waitUntil: 'networkidle' });
    await page.goto(new URL('probes/', base).href, { waitUntil: 'networkidle' });
    await page.click('#terminal-toggle');
    await page.locator('.kvlab-term .xterm').waitFor();
    const s = await waitForScreen(/secret\/lab08-cloudinit-probe created[\s\S]*@sandbox:~\$ $/);
    expect(s).toContain('VM lab08-probe was scheduled to start');
    await page.locator('.kvlab-term .xterm').click();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    // the last command (from "Run in terminal") again, on the same cluster: still Running and Ready
    await waitForScreen(/lab08-probe\s+\S+\s+Running\s+\S+\s+\S+\s+True\n[^\n]*@sandbox:~\$ $/);
    expect(await page.locator('.kvlab-term-status').textContent()).toMatch(/simulated time \d+:\d\d · 60x/);
    await page.screenshot({ path: join(ARTIFACTS, 'terminal-page.png') });
  });
});

describe('sandbox console', () => {
  beforeEach(freshLabContext);
  afterEach(async () => {
    await context?.close();
  });

  it('virtctl console: log in, run the lab\'s in-guest command, Ctrl-] leaves', async () => {
    await openLabTerminal();
    await startLabVm();
    await page.locator('.kvlab-term .xterm').click();
    // at 1x the liveness probe takes a minute to notice the stopped server, so the console stays
    await type('speed 1', /simulated time now runs 1x real time/);
    await type('virtctl console lab08-probe --namespace=$USER', /lab08-probe login: $/);
    await page.keyboard.type('fedora');
    await page.keyboard.press('Enter');
    await waitForScreen(/Password: $/);
    await page.keyboard.type('kubevirt');
    await page.keyboard.press('Enter');
    await waitForScreen(/\[fedora@lab08-probe ~\]\$ $/);
    await type('curl localhost:8081', /Hello World!\n\[fedora@lab08-probe ~\]\$ $/);
    await type('sudo systemctl stop httpserver', /\[fedora@lab08-probe ~\]\$ $/);
    await type('curl localhost:8081', /Failed to connect to localhost port 8081/);
    await page.locator('#kvlab-terminal-root').screenshot({ path: join(ARTIFACTS, 'terminal-console.png') });
    await page.keyboard.press('Control+]');
    await waitForScreen(new RegExp(`\\n${USER}@sandbox:~\\$ $`));
  });
});

describe('connected mode through kvlab gateway', () => {
  let gw: RunningGateway;
  let built: GatewaySite; // the site as built with KVLAB_GATEWAY set to this gateway
  beforeAll(async () => {
    built = await siteWithGateway(base);
    gw = await startGateway(['--origin', new URL(base).origin, '--origin', built.origin]);
    built.gateway = gw.url;
  });
  afterAll(async () => {
    await gw?.stop();
    await built?.close();
  });

  it('?gateway= and ?token= connect to a real shell once confirmed; the next page reattaches to it; End shell ends it', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await ctx.newPage();
    await p.goto(new URL(`probes/?gateway=${encodeURIComponent(gw.url)}&token=${token('alice')}`, base).href, { waitUntil: 'networkidle' });
    await p.click('#terminal-toggle');
    // this build has no gateway of its own: the address is shown and must be confirmed
    const ask = p.locator('.kvlab-term-confirm');
    expect(await ask.getByTestId('gateway-address').textContent()).toBe(gw.url);
    await ask.getByRole('button', { name: 'Connect' }).click();
    await p.locator('.kvlab-term .xterm').waitFor();
    expect(await p.locator('.kvlab-term-mode').textContent()).toBe(`Connected mode: 127.0.0.1:${gw.port}`);
    await expect.poll(() => p.locator('.kvlab-term-status').textContent(), { timeout: 30_000 }).toContain('connected to');
    expect(await p.locator('.kvlab-term-status').textContent()).toBe(`connected to 127.0.0.1:${gw.port} as alice (namespace alice)`);
    await p.locator('.kvlab-term .xterm').click();
    await p.keyboard.type('echo "$USER-$((6*7))-$$"');
    await p.keyboard.press('Enter');
    const first = await waitForScreen(/alice-42-\d+/, 30_000, p);
    const pid = /alice-42-(\d+)/.exec(first)![1];
    // another page without the query: the address (confirmed for this tab) and token were remembered; the same shell answers
    await p.goto(new URL('getting-started/', base).href, { waitUntil: 'networkidle' });
    await p.goto(new URL('probes/', base).href, { waitUntil: 'networkidle' });
    await p.click('#terminal-toggle');
    await expect.poll(() => p.locator('.kvlab-term-status').textContent(), { timeout: 30_000 }).toContain('same shell as before');
    expect(await screen(p)).toContain(`alice-42-${pid}`); // the screen came along too
    await p.locator('.kvlab-term .xterm').click();
    await p.keyboard.type('echo "again-$$"');
    await p.keyboard.press('Enter');
    const again = await waitForScreen(/again-\d+\n/, 30_000, p);
    expect(/again-(\d+)\n/.exec(again)![1]).toBe(pid);
    await p.locator('.kvlab-term').screenshot({ path: join(ARTIFACTS, 'terminal-connected.png') });
    await p.getByRole('button', { name: 'End shell' }).click();
    await waitForScreen(/The shell has ended\. Press Enter for a new shell\./, 30_000, p);
    await ctx.close();
  });

  it('the first "Run in terminal" reaches the site\'s gateway (sent once the socket opens)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await ctx.newPage();
    await p.goto(new URL(`probes/?token=${token('bob')}`, built.url).href, { waitUntil: 'networkidle' });
    // the terminal is not open yet: this click opens it and sends the command at once
    const block = p.locator('.code-block', { hasText: 'kubectl get vmi --namespace=' }).first();
    const command = (await block.locator('pre code').textContent())!.trim().split('\n')[0]!;
    await block.getByRole('button', { name: 'Run in terminal' }).click();
    await expect.poll(() => p.locator('.kvlab-term-status').textContent(), { timeout: 30_000 }).toContain('as bob');
    // the shell echoed it (connected mode prints only what the gateway sends)
    await waitForScreen(new RegExp(command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 30_000, p);
    await ctx.close();
  });
});

// #16 item 6: a new trainee (nothing typed into the editors yet) runs the lab's first command.
describe('a first "Run in terminal" before the file is written', () => {
  it('says the file is the one the trainee writes in Task 8.1\'s editor; ls -R shows the lab folder', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await fresh.addInitScript(() => {
        if (!localStorage.getItem('kvlab:v1:user')) localStorage.setItem('kvlab:v1:user', 'new-trainee');
      });
      const p = await fresh.newPage();
      await p.goto(new URL('probes/', base).href, { waitUntil: 'networkidle' });
      const block = p.locator('.code-block', { hasText: 'cloudinit-probe --from-file=userdata=' }).first();
      await block.scrollIntoViewIfNeeded();
      // the terminal is closed: Run in terminal opens it and runs the command once it is ready
      await block.getByRole('button', { name: 'Run in terminal' }).click();
      const s = await waitForScreen(/error: error reading labs\/lab08\/cloudinit-probe\.yaml: no such file or directory[^\n]*\n[\s\S]*new-trainee@sandbox:~\$ $/, 60_000, p);
      expect(s.replace(/\n/g, '')).toContain("no such file or directory — this file is the one you write in Task 8.1's editor (cloudinit-probe.yaml tab); type it there first");
      await p.locator('.kvlab-term .xterm').click();
      await p.keyboard.type('ls -R labs', { delay: 2 });
      await p.keyboard.press('Enter');
      // the VM file is there from the lab's start; the cloud-init file is not yet
      const ls = await waitForScreen(/ls -R labs\nlabs:\nlab08\n\nlabs\/lab08:\n[^\n]*vm_lab08-probe\.yaml[^\n]*\nnew-trainee@sandbox:~\$ $/, 30_000, p);
      expect(ls.split('labs/lab08:\n').pop()).not.toContain('cloudinit-probe.yaml');
      await p.locator('#kvlab-terminal-root').screenshot({ path: join(ARTIFACTS, 'terminal-missing-file.png') });
    } finally {
      await fresh.close();
    }
  });
});
