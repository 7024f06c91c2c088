// What every editor panel of a page shares (built by mount.ts, read by panel.ts): kept apart so
// the two do not import each other.
import type { PageData } from '../../lib/page-data.ts';
import type { ProgressStore, Scope } from '../../lib/progress.ts';
import type { EditorTask } from './model.ts';

export interface EditorContext {
  page: PageData;
  scope: Scope;
  progress: ProgressStore;
  tasks: EditorTask[];
  /** Task ids of the page in order (tasks without files too). */
  order: string[];
}
