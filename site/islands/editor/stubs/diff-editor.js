// Stub of monaco-editor/esm/vs/editor/browser/widget/diffEditor/diffEditorWidget.js (see
// ../monaco-slim.ts). Safe: the lab never calls monaco.editor.createDiffEditor ("Show solution"
// is diff-view.ts); standaloneCodeEditor.js only declares a subclass of it.
export class DiffEditorWidget {
  constructor() {
    throw new Error('kvlab: Monaco diff editor is not bundled');
  }
}
export function toLineChanges() {
  throw new Error('kvlab: Monaco diff editor is not bundled');
}
