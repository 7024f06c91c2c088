// Stub of …/inlineCompletions/browser/hintsWidget/inlineCompletionsHintsWidget.js (see
// ../monaco-slim.ts). contentHoverController.js reads InlineSuggestionHintsContentWidget
// .dropDownVisible only; the widget belongs to inline completions (ghost text), which the lab
// does not import, so its drop-down is never visible.
export class InlineSuggestionHintsContentWidget {
  static get dropDownVisible() {
    return false;
  }
}
