// Stub of …/contrib/dropOrPasteInto/browser/copyPasteController.js (see ../monaco-slim.ts). Safe:
// the controller is an editor contribution registered only by copyPasteContribution.js, which
// the lab does not import; clipboard.js just calls CopyPasteController.get(editor)?.…, and get()
// answers null as it does when the contribution is absent. Plain copy/cut/paste are the
// editor's own (edit context / text area).
export class CopyPasteController {
  static get() {
    return null;
  }
}
