// Simulate: the simulator island under the editor (loaded on first open), fed this task's VM
// and its user data, re-run on every edit.
import { DisposableStore, toDisposable, type Disposable } from '../disposable.ts';
import { button } from './dom.ts';
import { userDataFor } from './model.ts';
import type { FileState, PanelContext } from './panel-context.ts';

export function simulateToggle(p: PanelContext): Disposable {
  const store = new DisposableStore();
  if (!p.files.some((s) => s.file.role === 'vm')) return store;
  const { simBox } = p.ui;
  const listeners: (() => void)[] = [];
  store.add(p.onDidEdit(() => listeners.forEach((cb) => cb())));
  let loading = false;
  const toggle = button(store, 'Simulate', async () => {
    const open = simBox.hidden;
    simBox.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (!open || loading) return;
    loading = true;
    const { mountSimulator } = await import('../simulator/mount.ts');
    if (store.isDisposed) return;
    const vm = () => p.files.find((s) => s.file.role === 'vm') as FileState;
    store.add(mountSimulator(simBox, {
      getVmYaml: () => vm().model.getValue(),
      getUserData: () => userDataFor(vm().model.getValue(), p.cloudInitTexts())[0]?.text,
      onChange: (cb) => listeners.push(cb),
    }));
  });
  toggle.setAttribute('aria-expanded', 'false');
  store.add(toDisposable(() => (listeners.length = 0)));
  p.ui.actions.append(toggle);
  return store;
}
