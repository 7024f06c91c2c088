// Stub of monaco-editor/esm/vs/platform/history/browser/contextScopedHistoryWidget.js (see
// ../monaco-slim.ts): suggest.js imports it only for the `suggestWidgetVisible` context key;
// the rest (find/replace inputs with history, their keybindings) serves the find widget,
// which the lab does not bundle. Same key, same default, same description.
import { RawContextKey } from 'monaco-editor/esm/vs/platform/contextkey/common/contextkey.js';
import { localize } from 'monaco-editor/esm/vs/nls.js';

export const historyNavigationVisible = new RawContextKey('suggestWidgetVisible', false, localize(1698, 'Whether suggestion are visible'));
