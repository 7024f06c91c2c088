// Markers and the status line: each file is validated in the page's worker on every edit (the
// newest text only), its markers set on the model, its tab marked, and the active file's verdict
// shown in the status line.
import { monaco } from './monaco.ts';
import { LatestOnly } from './latest-only.ts';
import { DisposableStore, type Disposable } from '../disposable.ts';
import { toMarkers, statusText, userDataFor } from './model.ts';
import type { FileState, PanelContext } from './panel-context.ts';

/** Keystroke-to-marker latencies (ms), for the browser test to read. */
interface EditorStats {
  latencies: number[];
}
declare global {
  interface Window {
    kvlabEditorStats?: EditorStats;
  }
}

interface Verdict {
  status: string;
  validator: LatestOnly<void>;
  /** performance.now() of the first edit not yet reflected in the markers. */
  pendingSince?: number;
}

export function validation(p: PanelContext): Disposable {
  const store = new DisposableStore();
  const stats = (window.kvlabEditorStats ??= { latencies: [] });
  const verdicts = new Map<FileState, Verdict>();
  const { status } = p.ui;

  const showStatus = () => {
    const v = verdicts.get(p.active())!;
    const text = `${p.active().file.name}: ${v.status}`;
    // A live region: only a change is announced, not every keystroke's same verdict.
    if (status.textContent !== text) status.textContent = text;
    status.dataset.state = v.status === 'valid' ? 'valid' : /^0 errors/.test(v.status) ? 'warning' : 'invalid';
  };

  const validate = async (s: FileState, v: Verdict) => {
    if (store.isDisposed) return;
    const text = s.model.getValue();
    const version = s.model.getVersionId();
    const userData = s.file.role === 'vm' ? userDataFor(text, p.cloudInitTexts()) : undefined;
    let markers: monaco.editor.IMarkerData[];
    try {
      const docs = await p.client.request({ type: 'validate', text, file: s.file.path, userData });
      markers = toMarkers(docs).map((m) => ({
        ...m,
        severity: m.severity === 'error' ? monaco.MarkerSeverity.Error : m.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info,
      }));
      v.status = statusText(docs).text;
    } catch (e) {
      markers = [];
      v.status = `not validated: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (store.isDisposed || s.model.isDisposed()) return;
    monaco.editor.setModelMarkers(s.model, 'kvlab', markers);
    const errors = markers.filter((m) => m.severity === monaco.MarkerSeverity.Error).length;
    s.tab.dataset.errors = String(errors);
    s.tab.title = `${s.file.path}: ${v.status}`;
    if (s === p.active()) showStatus();
    if (v.pendingSince !== undefined && s.model.getVersionId() === version) {
      const since = v.pendingSince;
      v.pendingSince = undefined;
      // Count until the frame that shows the markers.
      requestAnimationFrame(() => stats.latencies.push(performance.now() - since));
    }
  };

  for (const s of p.files) {
    const v: Verdict = { status: 'validating…', validator: new LatestOnly(() => validate(s, v)) };
    verdicts.set(s, v);
  }
  store.add(p.onDidSelect(showStatus));
  store.add(p.onDidEdit((s) => {
    const v = verdicts.get(s)!;
    v.pendingSince ??= performance.now();
    v.validator.push();
    // The VM's cross-checks read the cloud-init file: re-check the VMs of this task too.
    if (s.file.role === 'cloud-init') for (const o of p.files) if (o.file.role === 'vm') verdicts.get(o)!.validator.push();
  }));
  showStatus();
  for (const v of verdicts.values()) v.validator.push();
  return store;
}
