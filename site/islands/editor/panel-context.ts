// What the editor panel's pieces share (built by panel.ts, read by each piece): the task, the
// panel's elements, the Monaco editor and its files, and the events the pieces talk through.
import type { monaco } from './monaco.ts';
import type { Disposable } from '../disposable.ts';
import type { EditorContext } from './context.ts';
import type { EditorFile, EditorTask } from './model.ts';
import type { ValidatorClient } from '../../workers/validator-client.ts';
import type { Layout } from './layout.ts';

export type Model = ReturnType<typeof monaco.editor.createModel>;
export type Editor = ReturnType<typeof monaco.editor.create>;

export interface FileState {
  file: EditorFile;
  model: Model;
  tab: HTMLButtonElement;
}

export interface PanelContext {
  ctx: EditorContext;
  task: EditorTask;
  /** "Task 3" */
  label: string;
  /** Ids of the tasks before this one on the page. */
  earlier: string[];
  ui: Layout;
  client: ValidatorClient;
  editor: Editor;
  files: FileState[];
  active(): FileState;
  select(s: FileState): void;
  onDidSelect(listener: (s: FileState) => void): Disposable;
  /** A file's text changed (after its draft was saved). */
  onDidEdit(listener: (s: FileState) => void): Disposable;
  /** Sets the text of a file as an earlier task's passing file (not saved as the trainee's draft). */
  follow(s: FileState, text: string): void;
  /** The trainee's folder as this task sees it (Check's input). */
  filesNow(): Record<string, string>;
  /** Cloud-init files by path (what a VM's user data can be made from). */
  cloudInitTexts(): Record<string, string>;
}
