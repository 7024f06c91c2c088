// Small DOM helpers shared by the editor panel's pieces.
import { toDisposable, type DisposableStore } from '../disposable.ts';
import { el } from '../../lib/dom.ts';

export { el };

/** A button whose click listener goes away with `store`. */
export function button(store: DisposableStore, text: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button', textContent: text });
  store.addListener(b, 'click', onClick);
  return b;
}

/** Saves `blob` as `name` through a temporary link; its object URL is revoked after 10 s or on dispose. */
export function saveBlob(store: DisposableStore, blob: Blob, name: string, title?: string): void {
  const url = URL.createObjectURL(blob);
  const revoke = store.add(toDisposable(() => URL.revokeObjectURL(url)));
  const a = el('a', { href: url, download: name });
  if (title) a.title = title;
  document.body.append(a);
  a.click();
  a.remove();
  store.setTimeout(() => {
    store.delete(revoke);
    revoke.dispose();
  }, 10_000);
}
