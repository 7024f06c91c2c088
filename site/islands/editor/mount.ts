// Entry of the editor island (contract 2): the lab page's script imports this module lazily and
// calls mountEditors(page) when a task slot first nears the viewport. This module stays light:
// it reads the exercise JSON, marks passed tasks in the sidebar and puts a small placeholder
// in each slot; Monaco (panel.ts) loads only when a slot with an exercise comes near the
// viewport or the trainee presses "Open editor".
import { ProgressStore, MemoryStore, markPassedTasks, type KeyValueStore, type Scope } from '../../lib/progress.ts';
import { editorTasks, type EditorTask } from './model.ts';
import { getTrainee } from '../../lib/trainee.ts';
import { toDisposable } from '../disposable.ts';

import type { PageData } from '../../lib/page-data.ts';
import type { EditorContext } from './context.ts';
export type { PageData, EditorContext };


let mounted = false;

function storage(): KeyValueStore {
  try {
    const s = window.localStorage;
    s.setItem('kvlab:probe', '1');
    s.removeItem('kvlab:probe');
    return s;
  } catch {
    // Private mode or storage disabled: work still happens, it just is not kept.
    return new MemoryStore();
  }
}

export function mountEditors(page: PageData): void {
  if (mounted) return;
  mounted = true;
  const progress = new ProgressStore(storage());
  const scope: Scope = { user: getTrainee().user, lab: page.lab, variant: page.variant };
  markPassedTasks(document, progress.passedTasks(scope));
  void load(page, progress, scope);
}

/**
 * The height the panel will give its first file (panel.ts: 14 to 40 lines of 19 px), so the
 * placeholder holds the editor's space before it mounts and the page does not grow under
 * the trainee (editor.css adds the tabs, status and actions).
 */
function surfaceHeight(ctx: EditorContext, task: EditorTask): number {
  const file = task.files[0];
  if (!file) return 0;
  const earlier = ctx.order.slice(0, Math.max(0, ctx.order.indexOf(task.id)));
  const text = ctx.progress.initialText(ctx.scope, task.id, file.path, earlier, file.start).text;
  const lines = Math.min(40, Math.max(14, text.split('\n').length + 2));
  return lines * 19 + 8;
}

async function load(page: PageData, progress: ProgressStore, scope: Scope): Promise<void> {
  const url = `${page.base.replace(/\/?$/, '/')}exercises/${page.lab}.json`;
  let tasks: EditorTask[];
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    tasks = editorTasks(await res.json());
  } catch (e) {
    console.error(`kvlab editor: no exercise data for lab ${page.lab}:`, e);
    return;
  }
  const ctx: EditorContext = { page, scope, progress, tasks, order: page.tasks.map((t) => t.id) };
  const near = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        near.unobserve(entry.target);
        (entry.target as HTMLElement & { kvlabOpen?: () => void }).kvlabOpen?.();
      }
    },
    { rootMargin: '600px 0px' },
  );
  for (const task of tasks) {
    const slot = document.querySelector<HTMLElement>(`.kvlab-task-slot[data-task-id="${CSS.escape(task.id)}"]`);
    if (!slot || slot.dataset.kvlabEditor) continue;
    slot.dataset.kvlabEditor = 'placeholder';
    const info = page.tasks.find((t) => t.id === task.id);
    // A heading says what the box is (it stays when the panel replaces the box's content).
    const heading = document.createElement('h3');
    heading.className = 'kvlab-editor-heading';
    heading.id = `kvlab-editor-heading-${task.id}`;
    heading.textContent = `Editor for Task ${info?.number ?? task.id}: your copy of the files`;
    const box = document.createElement('section');
    box.className = 'kvlab-editor kvlab-editor-placeholder';
    box.setAttribute('aria-labelledby', heading.id);
    box.style.setProperty('--kvlab-editor-reserve', `${surfaceHeight(ctx, task)}px`);
    const files = document.createElement('p');
    files.textContent = `Your files: ${task.files.map((f) => f.name).join(', ')}`;
    const open = document.createElement('button');
    open.type = 'button';
    open.textContent = 'Open editor';
    box.append(files, open);
    slot.append(heading, box);
    let opening = false;
    const openNow = () => {
      if (opening) return;
      opening = true;
      near.unobserve(slot);
      open.disabled = true;
      open.textContent = 'Loading editor…';
      import('./panel.ts')
        .then(({ openPanel }) => {
          // Disposing the panel (window.kvlabEditors[id].dispose()) gives the placeholder back.
          openPanel(ctx, task, box).add(toDisposable(() => {
            opening = false;
            open.disabled = false;
            open.textContent = 'Open editor';
          }));
        })
        .catch((e: unknown) => {
          console.error('kvlab editor:', e);
          open.disabled = false;
          opening = false;
          open.textContent = 'Open editor';
          files.textContent = `The editor could not load (${e instanceof Error ? e.message : String(e)}). Reload the page to try again; your work is kept.`;
        });
    };
    (slot as HTMLElement & { kvlabOpen?: () => void }).kvlabOpen = openNow;
    open.addEventListener('click', openNow);
    near.observe(slot);
  }
}
