// Monaco's theme follows the page's (data-theme / class "dark" / the system's preference).
import { monaco } from './monaco.ts';
import { DisposableStore, toDisposable, type Disposable } from '../disposable.ts';

export function isDark(): boolean {
  const root = document.documentElement;
  if (root.dataset.theme) return root.dataset.theme === 'dark';
  if (root.classList.contains('dark')) return true;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

export function watchTheme(): Disposable {
  const store = new DisposableStore();
  const apply = () => monaco.editor.setTheme(isDark() ? 'vs-dark' : 'vs');
  const observer = new MutationObserver(apply);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
  store.add(toDisposable(() => observer.disconnect()));
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  if (media) store.addListener(media, 'change', apply);
  return store;
}
