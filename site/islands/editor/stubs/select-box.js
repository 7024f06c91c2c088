// Stub of monaco-editor/esm/vs/base/browser/ui/selectBox/selectBox.js (see ../monaco-slim.ts).
// Only SelectActionViewItem builds one, for toolbar submenus shown as a select; the toolbars
// the lab shows (hover status bar, the F8 error widget) have none.
export class SelectBox {
  constructor() {
    throw new Error('kvlab: Monaco select box is not bundled');
  }
}
