// The sandbox's `kubectl edit` on the page: the dialog with the page's Monaco editor
// (../editor/edit-dialog.ts) is imported the first time kubectl edit runs, never before.
import type { EditFn } from '../../../sandbox/types.ts';

export const pageEditor: EditFn = (request) => {
  let closed = false;
  let close: (() => void) | undefined;
  const saved = import('../editor/edit-dialog.ts').then(
    ({ editInDialog }) => {
      if (closed) return undefined; // Ctrl-C before the editor had loaded
      const session = editInDialog(request);
      close = session.close;
      return session.saved;
    },
    (e: unknown) => {
      // the edit ends as if the editor were closed unsaved; the console says why
      console.error('kvlab kubectl edit: the editor could not load:', e);
      return undefined;
    },
  );
  return {
    saved,
    close() {
      closed = true;
      close?.();
    },
  };
};
