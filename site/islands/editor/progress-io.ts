// Export progress (every saved entry as a JSON file) and Import progress (such a file read back,
// then the page reloads to open it).
import { DisposableStore, type Disposable } from '../disposable.ts';
import { button, el, saveBlob } from './dom.ts';
import type { PanelContext } from './panel-context.ts';

export function progressActions(p: PanelContext): Disposable {
  const store = new DisposableStore();
  const { scope, progress } = p.ctx;
  const { results } = p.ui;
  const input = el('input', { type: 'file', accept: 'application/json,.json', hidden: true });
  store.addListener(input, 'change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const { imported } = progress.importAll(await file.text());
      if (store.isDisposed) return;
      results.replaceChildren(el('p', { textContent: `Imported ${imported} saved entries from ${file.name}. Reloading…` }));
      store.setTimeout(() => location.reload(), 600);
    } catch (e) {
      results.replaceChildren(el('p', { className: 'kvlab-check-error', textContent: `${file.name}: ${e instanceof Error ? e.message : String(e)}` }));
    }
    input.value = '';
  });
  const exportAll = () => saveBlob(store, new Blob([JSON.stringify(progress.exportAll(), null, 2)], { type: 'application/json' }), `kvlab-progress-${scope.user}.json`);
  p.ui.actions.append(button(store, 'Export progress', exportAll), button(store, 'Import progress', () => input.click()), input);
  return store;
}
