// Stub of …/codeAction/browser/codeActionController.js (see ../monaco-slim.ts). Safe: the marker
// hover asks the controller for quick fixes only when a code action provider returned some,
// and the lab registers none (its hints are in the marker message). get() → null as when the
// contribution is absent.
export class CodeActionController {
  static get() {
    return null;
  }
}
