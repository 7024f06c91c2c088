// Stub of …/widget/multiDiffEditor/multiDiffEditorWidget.js (see ../monaco-slim.ts). Safe: only
// monaco.editor.createMultiFileDiffEditor builds one, and the lab never calls it.
export class MultiDiffEditorWidget {
  constructor() {
    throw new Error('kvlab: Monaco multi-file diff editor is not bundled');
  }
}
