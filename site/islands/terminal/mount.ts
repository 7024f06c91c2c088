// Placeholder (the TERMINAL helper replaces this file): shows that the terminal is not part of
// this build yet, and the commands "Run in terminal" would have run.
import type { PageData } from '../../scripts/lab-page.ts';

export function mountTerminal(root: HTMLElement, _page: PageData): void {
  const box = document.createElement('div');
  box.className = 'kvlab-terminal-placeholder';
  box.setAttribute('role', 'log');
  box.textContent = 'The terminal is not available in this build.';
  root.append(box);
  window.addEventListener('kvlab:run', (e) => {
    const line = document.createElement('pre');
    line.textContent = `$ ${(e as CustomEvent<{ command: string }>).detail.command}`;
    box.append(line);
  });
}
