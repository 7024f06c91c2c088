// The loader on both layouts: kvlab's own (content/: site.yaml + pages/) and a Hugo training
// repository (tests/fixtures/k8s-basics-training, kvlab's own training in acend's Hugo layout).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTraining, splitFrontMatter } from '../../../engine/load-fs.ts';
import { findPage, navTree, renderPage } from '../../../engine/pages.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const content = join(root, 'content');
const hugo = join(root, 'tests', 'fixtures', 'k8s-basics-training');

describe('kvlab layout (content/)', () => {
  it('has the default and tolerations variants with acend defaults', () => {
    const t = loadTraining(content);
    expect(t.layout).toBe('kvlab');
    expect(t.variants).toEqual(['default', 'tolerations']);
    expect(t.enabledModules).toEqual(['base']);
    expect(t.params).toMatchObject({
      labsfoldername: 'labs',
      labsubfolderprefix: 'lab',
      fedoraCloudCDI: 'quay.io/containerdisks/fedora:40',
      'end-of-lab-text': 'You have reached the end of this lab. Please stop your running virtual machines to save resources on the Kubernetes cluster.',
    });
    expect(loadTraining(content, { variant: 'tolerations' }).enabledModules).toEqual(['base', 'tolerations']);
  });
  it('orders pages by weight and gives the probes lab section 8', () => {
    const t = loadTraining(content);
    const probes = t.pages.find((p) => p.slug === 'probes')!;
    expect(t.pages.map((p) => p.slug)).toEqual(['', 'getting-started', 'probes']);
    expect(probes).toMatchObject({ title: 'Readiness and liveness probes', weight: 82, sectionNumber: '8', format: 'md' });
    expect(probes.frontMatter.labfoldernumber).toBe('08');
    // The body's first line is the line after the closing "---" of the front matter.
    expect(probes.bodyLine).toBe(9);
  });
  it('renders the probes lab: five tasks "Task 8.n", solutions in details, no errors', () => {
    const t = loadTraining(content);
    const r = renderPage(t, t.pages.find((p) => p.slug === 'probes')!);
    expect(r.diagnostics).toEqual([]);
    expect(r.tasks.map((x) => `${x.anchor} Task ${x.number}: ${x.title}`)).toEqual([
      'task-1 Task 8.1: Define a HTTP liveness probe',
      'task-2 Task 8.2: Add a HTTP readiness probe',
      'task-3 Task 8.3: Change the HTTP liveness probe to TCP',
      'task-4 Task 8.4: Test the behaviour when probes fail',
      'task-5 Task 8.5: Guest agent liveness probe',
    ]);
    const solutions = r.codeBlocks.filter((b) => b.details === 'Task hint: Solution' && b.lang === 'yaml');
    expect(solutions.map((b) => b.taskId)).toEqual(['1', '2', '3', '5']);
    // Code block lines point into the file: the fence on line 44 of content/pages/probes.md, the VM on 45.
    const vm = r.codeBlocks.find((b) => b.taskId === '1' && b.lang === 'yaml' && !b.details && b.text.startsWith('apiVersion'))!;
    expect(vm.line).toBe(44);
    expect(vm.sourceLines[0]).toBe(45);
  });
  it('the readiness probe of every solution follows the task bullets (10 s period, 5 s timeout)', () => {
    const t = loadTraining(content);
    const r = renderPage(t, t.pages.find((p) => p.slug === 'probes')!);
    const bullets = r.tasks[1].bullets.map((b) => b.text);
    expect(bullets).toEqual(expect.arrayContaining(['periodSeconds: `10`', 'timeoutSeconds: `5`']));
    for (const b of r.codeBlocks.filter((c) => c.details && c.text.includes('readinessProbe:'))) {
      const probe = b.text.slice(b.text.indexOf('readinessProbe:')).split('\n').slice(0, 8).join('\n');
      expect(probe).toContain('periodSeconds: 10');
      expect(probe).toContain('timeoutSeconds: 5');
    }
  });
  it('shows the tolerations only in the tolerations variant, indented as YAML', () => {
    const get = (variant: string) => {
      const t = loadTraining(content, { variant });
      return renderPage(t, t.pages.find((p) => p.slug === 'probes')!).codeBlocks.filter((b) => b.text.startsWith('apiVersion'));
    };
    for (const b of get('default')) expect(b.text).not.toContain('tolerations:');
    for (const b of get('tolerations')) expect(b.text).toContain('\n      tolerations:\n        - effect: NoSchedule\n');
  });
  it('rejects an unknown variant with the known ones', () => {
    expect(() => loadTraining(content, { variant: 'nope' })).toThrow('unknown variant "nope"; this content has: default, tolerations');
  });
});

describe('Hugo layout (Kubernetes basics training fixture)', () => {
  it('reads config/_default params and one variant per config/<env>', () => {
    const t = loadTraining(hugo);
    expect(t.layout).toBe('hugo');
    expect(t.variants).toEqual(['default', 'openshift', 'techlab']);
    expect(t.enabledModules).toEqual(['base', 'cloudscale']);
    expect(t.params.cliToolName).toBe('kubectl');
    const techlab = loadTraining(hugo, { variant: 'techlab' });
    expect(techlab.enabledModules).toContain('techlab');
    expect(techlab.params.cliToolName).toBe('oc');
    expect(techlab.params.github_repo).toBe('https://git.example.com/kvlab/k8s-basics-training');
  });
  it('reads chapters as folders with _index.md, .md and .html pages, ordered by weight and numbered', () => {
    const t = loadTraining(hugo);
    const home = t.pages.find((p) => p.slug === '')!;
    expect(home.format).toBe('html');
    const docs = navTree(t).find((n) => n.page.slug === 'docs')!;
    expect(docs.children.map((c) => `${c.page.sectionNumber} ${c.page.slug}`)).toEqual([
      '1 docs/introduction',
      '2 docs/first-steps',
      '3 docs/deployments',
      '4 docs/exposing-a-service',
    ]);
    expect(t.pages.find((p) => p.slug === 'docs/introduction/yaml')!.sectionNumber).toBe('1.1');
  });
  it('keeps page-bundle files with their page', () => {
    const t = loadTraining(hugo);
    const intro = t.pages.find((p) => p.slug === 'docs/introduction')!;
    expect(intro.assets.map((a) => a.slice(a.lastIndexOf('/') + 1))).toEqual(['architecture.png']);
  });
  it('renders every page of every variant without problems (link, relref, readfile, blocks/cover)', () => {
    for (const variant of ['default', 'openshift', 'techlab']) {
      const t = loadTraining(hugo, { variant });
      const readFile = (p: string) => {
        try {
          return readFileSync(join(hugo, p), 'utf8');
        } catch {
          return undefined;
        }
      };
      for (const page of t.pages) expect(renderPage(t, page, '/', readFile).diagnostics).toEqual([]);
    }
    const t = loadTraining(hugo);
    expect(findPage(t, '/setup')?.slug).toBe('setup');
    expect(findPage(t, 'Windows')?.slug).toBe('setup/local-usage/cli-installation/windows');
    const home = renderPage(t, t.pages.find((p) => p.slug === '')!);
    expect(home.markdown).toContain('<h1>Kubernetes Basics, Hands On</h1>');
    expect(home.markdown).toContain('href="/setup/"');
  });
});

describe('front matter', () => {
  it('reads YAML and TOML front matter and reports an unclosed one', () => {
    const d: never[] = [];
    expect(splitFrontMatter('---\ntitle: A\n---\nbody\n', 'f.md', d)).toEqual({ frontMatter: { title: 'A' }, body: 'body\n', bodyLine: 4 });
    expect(splitFrontMatter('+++\ntitle = "B"\n+++\n\nbody', 'f.md', d)).toEqual({ frontMatter: { title: 'B' }, body: '\nbody', bodyLine: 4 });
    const diagnostics: { message: string; line: number }[] = [];
    splitFrontMatter('---\ntitle: A\nbody', 'f.md', diagnostics as never);
    expect(diagnostics).toMatchObject([{ line: 1, message: 'front matter opened with "---" is never closed; add a "---" line after it' }]);
  });
});

describe('page order (Hugo)', () => {
  it('weight ascending, weight 0 (none) after the weighted pages, then newer date, then linkTitle', async () => {
    const { byWeight } = await import('../../../engine/pages.ts');
    const p = (slug: string, weight: number, frontMatter: Record<string, unknown> = {}) => ({ slug, title: slug, weight, frontMatter }) as unknown as Parameters<typeof byWeight>[0];
    const pages = [
      p('unweighted-b', 0),
      p('ten', 10),
      p('unweighted-a', 0),
      p('minus', -5),
      p('two-old', 2, { date: '2024-01-01' }),
      p('two-new', 2, { date: '2025-06-01' }),
      p('one-z', 1, { linkTitle: 'A first by linkTitle' }),
      p('one-a', 1),
    ];
    expect(pages.sort(byWeight).map((x) => x.slug)).toEqual(['minus', 'one-z', 'one-a', 'two-new', 'two-old', 'ten', 'unweighted-a', 'unweighted-b']);
  });
});
