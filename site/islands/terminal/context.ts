// What the terminal island's pieces share (built by mount.ts, read by each piece).
import type { Terminal } from '@xterm/xterm';
import type { PageData } from '../../lib/page-data.ts';
import type { Chrome } from './chrome.ts';

export interface TermContext {
  root: HTMLElement;
  page: PageData;
  user: string;
  ui: Chrome;
  term: Terminal;
  /** Fits xterm to its box (not while hidden or minimised). */
  refit(): void;
  /** Where page commands ("Run in terminal") go once a session is ready; earlier ones are queued. */
  setRunner(run: (command: string) => void): void;
  /** Where terminal size changes go (the gateway's pty). */
  setResizer(resize: (cols: number, rows: number) => void): void;
  /** Publishes the session on window.kvlabTerminal (with `term` and `dispose`) for tests and benches. */
  expose(session: Record<string, unknown>): void;
}
