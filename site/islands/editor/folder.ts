// The trainee's folder as this task sees it: other tasks' newest files (from the progress store)
// with this task's open files over them, and the lab's own files for what was never written.
import { DisposableStore, type Disposable } from '../disposable.ts';
import type { EditorContext } from './context.ts';
import type { EditorTask } from './model.ts';
import type { FileState, PanelContext } from './panel-context.ts';

type Folder = Pick<PanelContext, 'filesNow' | 'cloudInitTexts'> & Disposable;

export function watchFolder(ctx: EditorContext, task: EditorTask, files: FileState[]): Folder {
  const { scope, progress } = ctx;
  const store = new DisposableStore();
  // Other tasks' files, read from storage once and again only when another task saves one
  // (not on every keystroke here: validation runs per keystroke).
  let othersCache: Record<string, string> | undefined;
  store.addListener(window, 'kvlab:file-saved', (e) => {
    if ((e as CustomEvent<{ task: string }>).detail.task !== task.id) othersCache = undefined;
  });
  return {
    filesNow() {
      const out = progress.latestFiles(scope);
      for (const s of files) out[s.file.path] = s.model.getValue();
      // A file the requirements read (the VM's user data) that the trainee never opened here is
      // taken as the lab gives it: the latest solution of that path up to this task.
      const reads = (task.raw as { reads?: unknown }).reads;
      for (const path of Array.isArray(reads) ? reads : []) {
        if (typeof path !== 'string' || path in out) continue;
        for (const t of ctx.tasks) {
          const f = t.files.find((x) => x.path === path);
          if (f) out[path] = f.solution ?? f.start;
          if (t === task) break;
        }
      }
      return out;
    },
    cloudInitTexts() {
      const out: Record<string, string> = {};
      othersCache ??= progress.latestFiles(scope);
      const all = { ...othersCache };
      for (const s of files) all[s.file.path] = s.model.getValue();
      for (const [path, text] of Object.entries(all)) {
        if (/^\s*#cloud-config/.test(text)) out[path] = text;
      }
      // A cloud-init file the trainee has not written yet still counts as the lab gives it.
      for (const t of ctx.tasks) {
        for (const f of t.files) if (f.role === 'cloud-init' && !(f.path in out)) out[f.path] = f.solution ?? f.start;
      }
      return out;
    },
    dispose: () => store.dispose(),
  };
}
