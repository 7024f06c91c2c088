// Stub of monaco-editor/esm/vs/editor/common/services/editorWebWorker.js where
// editorWorkerService.js imports it (see ../monaco-slim.ts): the editor worker's code, run on
// the main thread only when the worker cannot start. Safe: monaco.ts gives Monaco its worker,
// and the lab uses none of its services (no diff editor, word-based suggestions off, no
// unicode highlighter, links or formatting); the worker bundle keeps the real module.
export class EditorWorker {
  constructor() {
    throw new Error('kvlab: Monaco editor worker fallback is not bundled');
  }
}
