// The shortcode engine on its own: every form it renders and every error it reports, each
// error asserted with its message and its file:line:column.
import { describe, expect, it } from 'vitest';
import { renderShortcodes } from '../../../engine/shortcodes.ts';
import type { RenderInput } from '../../../engine/types.ts';

const params = { labsfoldername: 'labs', labsubfolderprefix: 'lab', fedoraCloudCDI: 'quay.io/containerdisks/fedora:40', nested: { deep: { key: 'v' } }, labfoldernumber: 'site' };

function render(source: string, extra: Partial<RenderInput> = {}) {
  return renderShortcodes({ source, file: 'lab.md', params, pageParams: { labfoldernumber: '08' }, enabledModules: ['base'], taskSlots: false, ...extra });
}
const errors = (r: ReturnType<typeof render>) => r.diagnostics.filter((d) => d.severity === 'error');

describe('param', () => {
  it('reads the page front matter before the site params', () => {
    const r = render('{{% param "labsubfolderprefix" %}}{{% param "labfoldernumber" %}}');
    expect(r.markdown).toBe('lab08');
    expect(r.diagnostics).toEqual([]);
  });
  it('falls back to site params, reads nested keys and ignores key case as Hugo does', () => {
    expect(render('{{% param "nested.deep.key" %}} {{% param "fedoracloudcdi" %}}').markdown).toBe('v quay.io/containerdisks/fedora:40');
  });
  it('works inside fenced code blocks and with the {{< >}} form', () => {
    const r = render('```bash\nls {{< param labsfoldername >}}/x\n```');
    expect(r.codeBlocks[0].text).toBe('ls labs/x');
  });
  it('reports a missing param with file:line:column, never an empty string', () => {
    const r = render('line one\n  see {{% param "nope" %}} here', { firstLine: 5 });
    expect(errors(r)).toEqual([
      { file: 'lab.md', line: 6, column: 7, severity: 'error', message: expect.stringContaining('param "nope" is not defined') },
    ]);
    expect(r.markdown).toContain('{{% param "nope" %}}');
  });
  it('reports a param without a name and a non-scalar param', () => {
    const r = render('{{% param %}}\n{{% param "nested" %}}');
    expect(errors(r).map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 1, expect.stringContaining('param needs a name')],
      [2, 1, expect.stringContaining('param "nested" is not a text, number or boolean value')],
    ]);
  });
});

describe('onlyWhen / onlyWhenNot', () => {
  const yaml = [
    '```yaml',
    'spec:',
    '  networks:',
    '  - name: default',
    '  {{< onlyWhen tolerations >}}tolerations:',
    '    - key: baremetal',
    '  {{< /onlyWhen >}}volumes:',
    '    - name: disk',
    '```',
  ].join('\n');
  it('drops the block and keeps YAML indentation when the module is off', () => {
    const r = render(yaml);
    expect(r.codeBlocks[0].text).toBe('spec:\n  networks:\n  - name: default\n  volumes:\n    - name: disk');
    // "volumes:" comes from the closing shortcode's line (7).
    expect(r.codeBlocks[0].sourceLines).toEqual([2, 3, 4, 7, 8]);
  });
  it('keeps the block, indented, when the module is on', () => {
    const r = render(yaml, { enabledModules: ['base', 'tolerations'] });
    expect(r.codeBlocks[0].text).toBe('spec:\n  networks:\n  - name: default\n  tolerations:\n    - key: baremetal\n  volumes:\n    - name: disk');
    expect(r.codeBlocks[0].sourceLines).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
  it('takes up to three names and shows content when any is enabled', () => {
    expect(render('{{< onlyWhen a b base >}}yes{{< /onlyWhen >}}').markdown).toBe('yes');
    expect(render('{{< onlyWhen a b c >}}yes{{< /onlyWhen >}}').markdown).toBe('');
    expect(render('{{% onlyWhenNot a b >}}x').diagnostics.length).toBeGreaterThan(0);
    expect(render('{{< onlyWhenNot a b >}}shown{{< /onlyWhenNot >}}{{< onlyWhenNot base >}}hidden{{< /onlyWhenNot >}}').markdown).toBe('shown');
  });
  it('rejects more than three names or none', () => {
    const r = render('x\n{{< onlyWhen a b c d >}}y{{< /onlyWhen >}}\n{{< onlyWhen >}}z{{< /onlyWhen >}}');
    expect(errors(r).map((d) => [d.line, d.column, d.message])).toEqual([
      [2, 1, expect.stringContaining('onlyWhen takes one to three module names')],
      [3, 1, expect.stringContaining('onlyWhen takes one to three module names')],
    ]);
  });
});

describe('task', () => {
  const page = '## {{% task %}} First\n\n* periodSeconds: `10`\n* plain item\n\n{{% details title="Task hint: Solution" %}}\n* periodSeconds: `20`\n```yaml\na: 1\n```\n{{% /details %}}\n\n## {{% task %}} Second\n\ntext\n\n## Other\n\n```bash\necho\n```\n';
  it('numbers tasks "Task <section>.<n>:" with ids 1..n and anchors task-n', () => {
    const r = render(page, { sectionNumber: '8' });
    expect(r.tasks.map((t) => [t.id, t.number, t.title, t.anchor, t.line])).toEqual([
      ['1', '8.1', 'First', 'task-1', 1],
      ['2', '8.2', 'Second', 'task-2', 13],
    ]);
    expect(r.markdown).toContain('## <span class="kvlab-task-label" data-task-id="1">Task 8.1:</span> First');
  });
  it('without a section number reads "Task n:"', () => {
    expect(render(page).tasks[1].number).toBe('2');
  });
  it("collects the task text's key: `value` bullets but not the solution's", () => {
    expect(render(page).tasks[0].bullets).toEqual([{ text: 'periodSeconds: `10`', line: 3 }]);
  });
  it('tags code blocks with their task and details disclosure', () => {
    const r = render(page);
    expect(r.codeBlocks.map((c) => [c.index, c.lang, c.line, c.taskId, c.details])).toEqual([
      [0, 'yaml', 8, '1', 'Task hint: Solution'],
      [1, 'bash', 19, undefined, undefined],
    ]);
  });
  it('puts an editor slot after each task section', () => {
    const md = render(page, { taskSlots: true }).markdown;
    const slot1 = md.indexOf('<div class="kvlab-task-slot" data-task-id="1"></div>');
    expect(slot1).toBeGreaterThan(md.indexOf('</details>'));
    expect(slot1).toBeLessThan(md.indexOf('</span> Second'));
    expect(md.indexOf('data-task-id="2"></div>')).toBeLessThan(md.indexOf('## Other'));
  });
});

describe('details and alert', () => {
  it('renders details as a native disclosure with nested Markdown', () => {
    const r = render('{{% details title="Task hint: Solution" %}}\n**bold**\n{{% /details %}}');
    expect(r.markdown).toContain('<details class="kvlab-details" data-title="Task hint: Solution">\n<summary>Task hint: Solution</summary>\n\n');
    expect(r.markdown).toContain('**bold**');
    expect(r.markdown.trim().endsWith('</details>')).toBe(true);
  });
  it('renders alert as a styled callout with its title and color', () => {
    const r = render('{{% alert title="Note" color="warning" %}}\nSome *text*\n{{% /alert %}}');
    expect(r.markdown).toContain('<div class="kvlab-alert kvlab-alert-warning" role="alert">\n<p class="kvlab-alert-title">Note</p>');
    expect(r.markdown).toContain('Some *text*');
  });
  it('accepts a positional details title and a self-closing form', () => {
    expect(render('{{< details "Hint" />}}').markdown).toContain('<summary>Hint</summary>');
  });
  it('escapes HTML in titles', () => {
    expect(render('{{% alert title="<b>" %}}x{{% /alert %}}').markdown).toContain('&lt;b&gt;');
  });
});

describe('escape and arguments', () => {
  it('prints {{</* */>}} literally as a shortcode', () => {
    const r = render('Write {{</* onlyWhen tolerations */>}} and {{%/* param "x" */%}}.');
    expect(r.markdown).toBe('Write {{< onlyWhen tolerations >}} and {{% param "x" %}}.');
    expect(r.diagnostics).toEqual([]);
  });
  it('reports an unclosed escape', () => {
    const r = render('ok\n  {{</* figure src="x"');
    expect(errors(r)).toEqual([{ file: 'lab.md', line: 2, column: 3, severity: 'error', message: 'unclosed shortcode escape: expected "*/>}}" after "{{</*"' }]);
  });
  it('reads named arguments with quotes, backticks and bare values', () => {
    const r = render('{{< figure src="a b.png" alt=`x "y"` width=300 >}}');
    expect(r.markdown).toBe('<figure class="kvlab-figure"><img src="a b.png" alt="x &quot;y&quot;" width="300" loading="lazy"></figure>');
  });
  it('rejects mixed named and positional arguments and unclosed quotes', () => {
    const r = render('{{< highlight yaml lang=x >}}a{{< /highlight >}}\n{{< figure src="x >}}');
    expect(errors(r).map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 1, expect.stringContaining('mix named and positional')],
      [2, 1, expect.stringContaining('expected ">}}"')],
    ]);
  });
});

describe('errors', () => {
  it('reports an unknown shortcode with its position and what kvlab renders', () => {
    const r = render('a\nb {{< youtube abc >}}');
    expect(errors(r)).toEqual([{ file: 'lab.md', line: 2, column: 3, severity: 'error', message: expect.stringMatching(/^unknown shortcode "youtube" in \{\{< youtube abc >\}\}; kvlab renders: .*details.*onlyWhen/) }]);
    expect(r.markdown).toContain('{{< youtube abc >}}');
  });
  it('reports an unclosed pair at its opening with what was expected', () => {
    const r = render('x\n\n{{% details title="S" %}}\ncontent');
    expect(errors(r)).toEqual([{ file: 'lab.md', line: 3, column: 1, severity: 'error', message: 'unclosed {{% details %}}: expected {{% /details %}} before the end of the file' }]);
  });
  it('reports a closing tag with nothing open', () => {
    const r = render('x {{% /alert %}}');
    expect(errors(r)).toEqual([{ file: 'lab.md', line: 1, column: 3, severity: 'error', message: 'unexpected closing {{% /alert %}}: no alert shortcode is open' }]);
  });
  it('reports crossed pairs', () => {
    const r = render('{{% alert %}}\n{{% details %}}\n{{% /alert %}}\n{{% /details %}}');
    expect(errors(r).map((d) => [d.line, d.column, d.message])).toEqual([
      [2, 1, 'unclosed {{% details %}}: expected {{% /details %}} before {{% /alert %}} at line 3:1'],
      [4, 1, 'unexpected closing {{% /details %}}: no details shortcode is open'],
    ]);
  });
  it('reports an unterminated shortcode and mismatched delimiters', () => {
    const r = render('{{% param "x"\n\nnext\n{{< task %}}');
    expect(errors(r).map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 1, 'unterminated shortcode: expected "%}}" to close "{{%"'],
      [4, 1, 'shortcode opened with "{{<" but closed with "%}}"; expected ">}}" (or open it with "{{%")'],
    ]);
  });
  it('reports a closing tag with arguments', () => {
    expect(errors(render('{{% alert %}}x{{% /alert foo %}}'))[0].message).toContain('takes no arguments');
  });
});

describe('Hugo and Docsy shortcodes', () => {
  const pages: Record<string, { url: string; title: string }> = { 'docs/intro': { url: '/docs/intro/', title: 'Intro' } };
  const resolvePage = (t: string) => pages[t.replace(/^\//, '')] ?? (t === 'intro' ? pages['docs/intro'] : undefined);
  it('ref, relref and acend link', () => {
    const r = render('[a]({{< ref "/docs/intro" >}}) [b]({{< relref "docs/intro" >}}) {{<link "intro">}}', { resolvePage });
    expect(r.markdown).toBe('[a](/docs/intro/) [b](/docs/intro/) <a href="/docs/intro/">Intro</a>');
  });
  it('reports a ref to a missing page', () => {
    const r = render('\n{{< ref "nowhere" >}}', { resolvePage });
    expect(errors(r)).toEqual([{ file: 'lab.md', line: 2, column: 1, severity: 'error', message: expect.stringContaining('ref target "nowhere" is not a page') }]);
  });
  it('highlight becomes a fenced block with source lines', () => {
    const r = render('{{< highlight yaml "linenos=table" >}}\na: 1\nb: 2\n{{< /highlight >}}');
    expect(r.codeBlocks[0]).toMatchObject({ lang: 'yaml', text: 'a: 1\nb: 2', sourceLines: [2, 3] });
  });
  it('figure with caption and link', () => {
    expect(render('{{< figure src="x.png" caption="Cap" link="https://e" >}}').markdown).toBe(
      '<figure class="kvlab-figure"><a href="https://e"><img src="x.png" alt="Cap" loading="lazy"></a><figcaption>Cap</figcaption></figure>',
    );
  });
  it('tabpane and tabs (code and Markdown)', () => {
    const r = render('{{< tabpane >}}\n{{< tab header="Shell" lang="bash" >}}\nls\n{{< /tab >}}\n{{% tab header="Text" %}}\n*md*\n{{% /tab %}}\n{{< /tabpane >}}');
    expect(r.diagnostics).toEqual([]);
    expect(r.markdown).toContain('<div class="kvlab-tabpane">');
    expect(r.markdown).toContain('<p class="kvlab-tab-header">Shell</p>');
    expect(r.codeBlocks[0]).toMatchObject({ lang: 'bash', text: 'ls' });
    expect(r.markdown).toContain('*md*');
  });
  it("tabs follow Docsy: code unless text=true, lang from the tab, the pane or the header", () => {
    const r = render([
      '{{< tabpane lang="yaml" >}}',
      '{{< tab header="VM" >}}\nkind: VirtualMachine\n{{< /tab >}}',
      '{{< tab header="Shell" lang="bash" >}}\nkubectl get vmi\n{{< /tab >}}',
      '{{< tab header="Note" text=true >}}\n**bold**\n{{< /tab >}}',
      '{{< /tabpane >}}',
      '{{< tabpane langEqualsHeader=true >}}\n{{< tab header="json" >}}\n{}\n{{< /tab >}}\n{{< tab "Plain" >}}\nx\n{{< /tab >}}\n{{< /tabpane >}}',
    ].join('\n'));
    expect(r.diagnostics).toEqual([]);
    expect(r.codeBlocks.map((c) => [c.lang, c.text])).toEqual([['yaml', 'kind: VirtualMachine'], ['bash', 'kubectl get vmi'], ['json', '{}'], ['Plain', 'x']]);
    expect(r.markdown).toContain('**bold**');
    expect(r.markdown).not.toMatch(/```\w*\n\*\*bold/);
  });
  it('each tab carries the key its choice persists under (header by default, lang, or none)', () => {
    const keys = (src: string) => [...render(src).markdown.matchAll(/<section class="kvlab-tab"[^>]*>/g)].map((m) => /data-key="([^"]*)"/.exec(m[0])?.[1] ?? '');
    const two = '{{< tab header="Linux" lang="bash" >}}\nls\n{{< /tab >}}{{< tab header="Windows" lang="powershell" >}}\ndir\n{{< /tab >}}';
    expect(keys(`{{< tabpane >}}${two}{{< /tabpane >}}`)).toEqual(['header:Linux', 'header:Windows']);
    expect(keys(`{{< tabpane persist=lang >}}${two}{{< /tabpane >}}`)).toEqual(['lang:bash', 'lang:powershell']);
    expect(keys(`{{< tabpane persist=disabled >}}${two}{{< /tabpane >}}`)).toEqual(['', '']);
    expect(keys(`{{< tabpane persistLang=false >}}${two}{{< /tabpane >}}`)).toEqual(['', '']);
    expect(render('{{< tabpane >}}{{% tab header="Label:" disabled=true /%}}{{< /tabpane >}}').markdown).toContain('data-disabled="true"');
  });
  it('a tab outside a tabpane is an error with its position', () => {
    const r = render('text\n{{% tab header="Lost" %}}\nx\n{{% /tab %}}');
    expect(errors(r)).toEqual([{ file: 'lab.md', line: 2, column: 1, severity: 'error', message: expect.stringContaining('tab must be inside a tabpane') }]);
  });
  it('blocks/cover, section, lead and feature', () => {
    const r = render('{{< blocks/cover title="Welcome" >}}hi{{< /blocks/cover >}}\n{{% blocks/lead %}}lead{{% /blocks/lead %}}\n{{< blocks/section >}}\n{{% blocks/feature icon="x" title="F" url="/u" %}}feat{{% /blocks/feature %}}\n{{< /blocks/section >}}');
    expect(r.diagnostics).toEqual([]);
    expect(r.markdown).toContain('<section class="kvlab-cover">\n<h1>Welcome</h1>');
    expect(r.markdown).toContain('<div class="kvlab-lead">');
    expect(r.markdown).toContain('<section class="kvlab-section">');
    expect(r.markdown).toContain('<h3><a href="/u">F</a></h3>');
  });
  it('readfile reads through the given reader and reports a missing file', () => {
    const readFile = (p: string) => (p === 'x.yaml' ? 'a: 1\n' : undefined);
    const r = render('{{< readfile file="x.yaml" code="true" lang="yaml" >}}\n{{< readfile file="y.yaml" >}}', { readFile });
    expect(r.codeBlocks[0]).toMatchObject({ lang: 'yaml', text: 'a: 1' });
    expect(errors(r)).toEqual([{ file: 'lab.md', line: 2, column: 1, severity: 'error', message: expect.stringContaining('cannot read "y.yaml"') }]);
  });
});
