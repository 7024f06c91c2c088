// Stub of …/gotoSymbol/browser/link/goToDefinitionAtPosition.js (see ../monaco-slim.ts). Safe:
// only the "show definition preview hover" action asks for it, and handles null; the lab has no
// definition provider.
export class GotoDefinitionAtPositionEditorContribution {
  static get() {
    return null;
  }
}
