/// <reference types="vite/client" />
// Monaco, feature by feature. `monaco-editor`'s main entry pulls every contribution and every
// language (≈ 900 KB gzipped); the lab needs a YAML editor with markers, hover, completion,
// comments, word moves and the usual editing commands (no find widget: a lab file fits on
// screen), so only those are imported; line moves and find are left out. Modules these still
// import that the lab never runs are stubbed at build time (monaco-slim-fs.ts, docs/editor.md):
// check its table when adding a contribution (`npm run bench editor-bundle` shows the cost).
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/editor/browser/coreCommands.js';
import 'monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/esm/vs/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/esm/vs/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/esm/vs/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/esm/vs/editor/contrib/wordOperations/browser/wordOperations.js';
// Ctrl+M: Tab moves focus out of the editor instead of indenting (keyboard users).
import 'monaco-editor/esm/vs/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode.js';
import 'monaco-editor/esm/vs/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/esm/vs/editor/common/standaloneStrings.js';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon.css';
// YAML tokens from our own small Monarch grammar: in 0.55 both basic-languages/yaml files
// import every editor contribution there is (+140 KB gzipped).
import { yamlConf, yamlLanguage } from './yaml-language.ts';
// Monaco's own worker (diffs, word ranges); loaded by Monaco when it first needs it.
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';

(globalThis as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, _label: string): Worker {
    return new EditorWorker();
  },
};

monaco.languages.register({ id: 'yaml', extensions: ['.yaml', '.yml'], aliases: ['YAML'] });
monaco.languages.setMonarchTokensProvider('yaml', yamlLanguage);
monaco.languages.setLanguageConfiguration('yaml', yamlConf);

export { monaco };
