// Stub of monaco-editor/esm/vs/platform/contextview/browser/contextMenuService.js (see
// ../monaco-slim.ts): a context menu service that never shows a menu. Safe: the lab does not
// import the editor's context menu contribution (right-click selects as in a text field), and
// the hovers only listen for menus opening.
import { Event } from 'monaco-editor/esm/vs/base/common/event.js';
import { Disposable } from 'monaco-editor/esm/vs/base/common/lifecycle.js';

export class ContextMenuService extends Disposable {
  onDidShowContextMenu = Event.None;
  onDidHideContextMenu = Event.None;
  configure() {}
  showContextMenu() {}
}
