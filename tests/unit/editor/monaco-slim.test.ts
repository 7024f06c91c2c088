// The Monaco stubs (site/islands/editor/monaco-slim-fs.ts) against the installed monaco-editor: a
// Monaco upgrade (or a new contribution in monaco.ts) that moves a stubbed module, or imports a
// name a stub does not export, fails here rather than in the build or the browser (or, for a
// moved module, silently ships it again).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { Plugin } from 'vite';
import { MONACO_STUBS, monacoSlim } from '../../../site/islands/editor/monaco-slim-fs.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const vs = join(root, 'node_modules', 'monaco-editor', 'esm', 'vs');
const stubDir = join(root, 'site', 'islands', 'editor', 'stubs');

const IMPORT = /(?:import|export)\s*(?:(?:\{([^}]*)\}|\*(?:\s+as\s+\w+)?|\w+)\s*from\s*)?'([^']+)'/g;

/**
 * The Monaco modules the editor island bundles, as the plugin sees them: from monaco.ts's
 * imports through Monaco's relative imports, not into stubbed modules. For each module (path
 * under vs/): who imports it and which names.
 */
function bundledImports(): Map<string, { from: string; names: string[] }[]> {
  const byTarget = new Map<string, { from: string; names: string[] }[]>();
  const entry = readFileSync(join(root, 'site/islands/editor/monaco.ts'), 'utf8');
  const queue = [...entry.matchAll(/'monaco-editor\/esm\/vs\/([^'?]+\.js)'/g)].map((m) => m[1]);
  const seen = new Set(queue);
  while (queue.length) {
    const from = queue.shift()!;
    for (const m of readFileSync(join(vs, from), 'utf8').matchAll(IMPORT)) {
      if (!m[2].startsWith('.') || !m[2].endsWith('.js')) continue;
      const target = posix.join(posix.dirname(from), m[2]);
      const names = (m[1] ?? '').split(',').map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean);
      const list = byTarget.get(target) ?? [];
      list.push({ from, names });
      byTarget.set(target, list);
      const entry = MONACO_STUBS[target];
      const stubbed = typeof entry === 'string' || entry?.from === from;
      if (!stubbed && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return byTarget;
}

const stubExports = (file: string) =>
  new Set([...readFileSync(join(stubDir, file), 'utf8').matchAll(/export\s+(?:class|const|function)\s+(\w+)/g)].map((m) => m[1]));

describe('monacoSlim stubs', () => {
  const imports = bundledImports();

  for (const [path, entry] of Object.entries(MONACO_STUBS)) {
    const stub = typeof entry === 'string' ? entry : entry.stub;
    it(`${path} exists, is still imported, and ${stub} exports what the bundled importers use`, () => {
      expect(existsSync(join(vs, path))).toBe(true);
      const exported = stubExports(stub);
      const importers = (imports.get(path) ?? []).filter((i) => typeof entry === 'string' || i.from === entry.from);
      expect(importers.length).toBeGreaterThan(0);
      for (const { from, names } of importers) {
        for (const name of names) expect(exported.has(name), `${from} imports ${name}`).toBe(true);
      }
    });
  }

  const plugin = monacoSlim() as Plugin & {
    resolveId(source: string, importer?: string): string | null;
    transform(code: string, id: string): { code: string } | null;
  };

  it('redirects only imports made by Monaco files, and editorWebWorker.js only from the worker service', () => {
    const at = (p: string) => join(vs, p);
    expect(plugin.resolveId('./viewParts/minimap/minimap.js', at('editor/browser/view.js'))).toBe(join(stubDir, 'minimap.js'));
    expect(plugin.resolveId('./viewParts/minimap/minimap.js', join(root, 'site/islands/editor/view.js'))).toBeNull();
    expect(plugin.resolveId('../../common/services/editorWebWorker.js', at('editor/browser/services/editorWorkerService.js'))).toBe(
      join(stubDir, 'editor-web-worker.js'),
    );
    expect(plugin.resolveId('./common/services/editorWebWorker.js', at('editor/editor.worker.start.js'))).toBeNull();
  });

  it('drops the confusable-characters table from strings.js and nothing else', () => {
    const file = join(vs, 'base/common/strings.js');
    const code = readFileSync(file, 'utf8');
    const out = plugin.transform(code, file)!.code;
    expect(code.length - out.length).toBeGreaterThan(15_000);
    expect(out).toContain(`return JSON.parse('{"_common":[]}')`);
    expect(out).toContain('class AmbiguousCharacters');
    expect(out).toContain('class InvisibleCharacters');
    expect(plugin.transform(code, join(dirname(file), 'other.js'))).toBeNull();
  });
});
