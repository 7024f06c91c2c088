// A Vite plugin that swaps Monaco modules the lab editor never runs for tiny stubs
// (site/islands/editor/stubs/), so they do not ship with the first editor. Only imports made by
// Monaco's own files are redirected; each stub says why it is safe. Used by astro.config.mjs
// and by tests/bench/editor-bundle.bench.ts (the kvlab page), so the bench measures what ships.
//
// After a Monaco upgrade: `npm run bench editor-bundle` and the browser tests tell whether a
// stub no longer fits (a stub that throws says "kvlab: … is not bundled").
import type { Plugin } from 'vite';
import { dirname, join, posix } from 'node:path';

const stubs = join(import.meta.dirname, 'stubs');

/**
 * Path under monaco-editor/esm/vs/ → stub file in stubs/, or `{ stub, from }` to stub it only
 * where the module `from` imports it.
 */
export const MONACO_STUBS: Record<string, string | { stub: string; from: string }> = {
  // The diff editors (createDiffEditor / createMultiFileDiffEditor): "Show solution" is our own
  // line diff (diff-view.ts).
  'editor/browser/widget/diffEditor/diffEditorWidget.js': 'diff-editor.js',
  'editor/browser/widget/multiDiffEditor/multiDiffEditorWidget.js': 'multi-diff-editor.js',
  // Tree-sitter tokens: only for languages the tree-sitter service supports (none standalone).
  'editor/common/model/tokens/treeSitter/treeSitterSyntaxTokenBackend.js': 'tree-sitter-backend.js',
  // WebGPU rendering: only with experimentalGpuAcceleration: 'on' (we leave it off).
  'editor/browser/gpu/viewGpuContext.js': 'gpu.js',
  'editor/browser/viewParts/viewLinesGpu/viewLinesGpu.js': 'gpu.js',
  // The minimap: disabled in panel.ts (minimap: { enabled: false }).
  'editor/browser/viewParts/minimap/minimap.js': 'minimap.js',
  // Hover parts for features we have no provider for (colors, inlay hints, code actions,
  // go-to-definition), the hover's copy button (it imports the whole find widget), and the
  // observables' dev-tools logger (only with VSCODE_DEV_DEBUG_OBSERVABLES).
  'editor/contrib/colorPicker/browser/hoverColorPicker/hoverColorPickerParticipant.js': 'hover-color.js',
  'editor/contrib/inlayHints/browser/inlayHintsHover.js': 'inlay-hints-hover.js',
  'editor/contrib/codeAction/browser/codeActionController.js': 'code-action-controller.js',
  'editor/contrib/gotoSymbol/browser/link/goToDefinitionAtPosition.js': 'goto-definition.js',
  'editor/contrib/hover/browser/hoverCopyButton.js': 'hover-copy-button.js',
  'base/common/observableInternal/logging/debugger/devToolsLogger.js': 'dev-tools-logger.js',
  // Modules imported for one small piece: the paste controller (clipboard.js only asks whether it
  // is registered, and copyPasteContribution.js, which registers it, is not imported), the
  // history widgets (suggest.js wants one context key), the inline-completion hints widget
  // (the hover reads one flag).
  'editor/contrib/dropOrPasteInto/browser/copyPasteController.js': 'copy-paste-controller.js',
  'platform/history/browser/contextScopedHistoryWidget.js': 'history-widget.js',
  'editor/contrib/inlineCompletions/browser/hintsWidget/inlineCompletionsHintsWidget.js': 'inline-hints-widget.js',
  // The select box of "select" submenu items in toolbars; no toolbar the lab shows (hover
  // status bar, F8 error widget) has one.
  'base/browser/ui/selectBox/selectBox.js': 'select-box.js',
  // Services nothing in the lab editor asks for, or only for features it does not use: the
  // quick input (command palette, pickers), the workbench list/tree service, context menus.
  'editor/standalone/browser/quickInput/standaloneQuickInputService.js': 'quick-input.js',
  'platform/list/browser/listService.js': 'list-service.js',
  'platform/contextview/browser/contextMenuService.js': 'context-menu.js',
  // Monaco's worker code run on the main thread if the editor worker cannot start. The worker
  // itself (editor.worker.start.js) keeps the real module.
  'editor/common/services/editorWebWorker.js': { stub: 'editor-web-worker.js', from: 'editor/browser/services/editorWorkerService.js' },
};

/**
 * base/common/strings.js carries the confusable-characters table (≈ 20 KB) for the unicode
 * highlighter, which runs in the editor worker (its own bundle, untouched) and in a contribution
 * the lab does not import. On the main thread it is never read: drop it there. The build fails
 * if the table is not where we expect it, rather than ship it silently.
 */
const AMBIGUOUS_TABLE = /(class AmbiguousCharacters \{\s*static \{ this\.ambiguousCharacterData = new Lazy\(\(\) => \{[^]*?return JSON\.parse\()'\{[^']*'\)/;

export function monacoSlim(): Plugin {
  return {
    name: 'kvlab-monaco-slim',
    enforce: 'pre',
    transform(code, id) {
      if (!id.replace(/\?.*$/, '').endsWith('/monaco-editor/esm/vs/base/common/strings.js')) return null;
      if (!AMBIGUOUS_TABLE.test(code)) throw new Error('kvlab-monaco-slim: AmbiguousCharacters table not found in strings.js (Monaco changed?)');
      return { code: code.replace(AMBIGUOUS_TABLE, `$1'{"_common":[]}')`), map: null };
    },
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const at = importer.replace(/\?.*$/, '').split('/monaco-editor/esm/vs/')[1];
      if (at === undefined) return null;
      const entry = MONACO_STUBS[posix.join(dirname(at), source)];
      if (typeof entry === 'string') return join(stubs, entry);
      return entry && entry.from === at ? join(stubs, entry.stub) : null;
    },
  };
}
