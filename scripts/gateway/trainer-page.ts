// The class page's three files, served by the gateway at /trainer, /trainer/app.js and
// /trainer/app.css. The script builds every node with textContent (never innerHTML), so a
// trainee's name or file can hold any text; the CSP allows only these same-origin files.
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>kvlab class</title>
<link rel="stylesheet" href="/trainer/app.css">
<script type="module" src="/trainer/app.js"></script>
</head>
<body>
<header><h1>kvlab class</h1><p id="status" role="status">Loading…</p></header>
<main>
<section id="source" aria-label="What the checks read" hidden></section>
<section id="downloads" aria-label="Downloads"></section>
<div class="scroll"><table id="class"><thead></thead><tbody></tbody></table></div>
<section id="file" hidden aria-live="polite"></section>
</main>
</body>
</html>
`;

export const PAGE_CSS = `
:root { color-scheme: light dark; font: 14px/1.4 system-ui, sans-serif; }
body { margin: 0 1rem 2rem; }
h1 { font-size: 1.3rem; margin: .8rem 0 .2rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin-top: .6rem; }
th, td { border: 1px solid #8886; padding: .25rem .4rem; vertical-align: top; text-align: left; }
th[scope=col] { font-weight: 600; white-space: nowrap; }
td.task { min-width: 2.2rem; width: 12rem; max-width: 14rem; }
td[data-state=passed] { background: #2a73; }
td[data-state=failed] { background: #c333; }
td[data-state=failed] button { all: unset; display: block; cursor: pointer; text-decoration: underline dotted; }
td[data-state=failed] button:focus-visible { outline: 2px solid; }
.req { display: block; font-size: .85em; white-space: normal; overflow-wrap: anywhere; }
.connected { color: #197a2d; font-weight: 600; }
@media (prefers-color-scheme: dark) { .connected { color: #6fdc86; } }
#downloads button, #source button { margin-right: .5rem; }
#source { margin: .4rem 0; }
#source [aria-pressed=true] { font-weight: 600; }
td[data-state=error] { background: #c903; }
.note { display: block; font-size: .85em; font-weight: normal; overflow-wrap: anywhere; min-width: 14rem; max-width: 22rem; }
#file pre { border: 1px solid #8886; padding: .4rem 0; overflow-x: auto; }
#file .line { display: block; padding: 0 .5rem; white-space: pre; }
#file .line::before { content: attr(data-n); display: inline-block; width: 3.5ch; margin-right: 1ch; text-align: right; opacity: .6; }
#file .line.mark { background: #c334; outline: 1px solid #c33; }
#file .finding { display: block; padding: .1rem .5rem .1rem 5ch; font-style: italic; white-space: normal; }
`;

export const PAGE_JS = `
const params = new URLSearchParams(location.search);
const token = params.get('token') || sessionStorage.getItem('kvlab:trainer-token') || '';
if (params.get('token')) {
  sessionStorage.setItem('kvlab:trainer-token', token);
  history.replaceState(null, '', location.pathname); // the token leaves the address bar and history
}
const auth = { headers: { authorization: 'Bearer ' + token } };
const $ = (s) => document.querySelector(s);
const el = (tag, attrs = {}, ...kids) => {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') n.textContent = v;
    else if (k.startsWith('data-') || k === 'scope' || k === 'aria-label' || k === 'title') n.setAttribute(k, v);
    else n[k] = v;
  }
  n.append(...kids);
  return n;
};
let labs = [];
const rows = new Map();
// what the checks read: the trainees' homes (live), or what the cluster holds (on request;
// offered only when the gateway's kubectl reaches a cluster)
let source = 'homes';
let cluster = new Map(); // user → { namespace, labs: { key → tasks }, error }
let clusterAt = 0;
const lastRows = new Map();
const status = (t) => { $('#status').textContent = t; };
const when = (ms) => ms ? new Date(ms).toLocaleTimeString() : 'never';

function head() {
  const tr1 = el('tr', {}, el('th', { scope: 'col', rowSpan: 2, text: 'Trainee' }), el('th', { scope: 'col', rowSpan: 2, text: 'Connected' }), el('th', { scope: 'col', rowSpan: 2, text: 'Last activity' }));
  const tr2 = el('tr');
  for (const lab of labs) {
    tr1.append(el('th', { scope: 'colgroup', colSpan: lab.tasks.length, text: 'Lab ' + lab.key + ': ' + lab.title }));
    for (const t of lab.tasks) tr2.append(el('th', { scope: 'col', text: t.number || t.id, title: t.title }));
  }
  $('#class thead').replaceChildren(tr1, tr2);
  const dl = $('#downloads');
  dl.replaceChildren();
  for (const lab of labs) for (const format of ['json', 'junit']) {
    const b = el('button', { type: 'button', text: 'Lab ' + lab.key + ' as ' + (format === 'json' ? 'JSON' : 'JUnit') });
    b.dataset.lab = lab.key;
    b.dataset.format = format;
    b.addEventListener('click', () => download(lab.key, format));
    dl.append(b);
  }
}

function cell(user, lab, t) {
  const td = el('td', { className: 'task', 'data-lab': lab.key, 'data-task': t.id, 'data-state': t.state });
  if (t.state === 'error') td.append(el('span', { text: '?', 'aria-label': 'not checked', title: t.error }));
  else if (t.state === 'passed') td.append(el('span', { text: '✓', 'aria-label': 'passed' }));
  else if (t.state === 'not-started') td.append(el('span', { text: '–', 'aria-label': 'not started' }));
  else {
    const b = el('button', { type: 'button', title: 'Show ' + (t.file || 'the file') + ' with this finding' }, el('span', { text: '✗', 'aria-label': 'failed' }), el('span', { className: 'req', text: t.requirement }));
    if (source === 'cluster') { td.append(el('span', { text: '✗', 'aria-label': 'failed' }), el('span', { className: 'req', text: t.requirement })); return td; }
    b.addEventListener('click', () => showFile(user, lab.key, t));
    td.append(b);
  }
  return td;
}

function tasksOf(row, lab) {
  if (source === 'cluster') {
    const c = cluster.get(row.user);
    if (c && c.error) return lab.tasks.map((x) => ({ id: x.id, state: 'error', error: c.error }));
    if (c && c.labs[lab.key]) return c.labs[lab.key];
    return lab.tasks.map((x) => ({ id: x.id, state: 'error', error: 'not checked on the cluster yet' }));
  }
  return row.labs[lab.key] || lab.tasks.map((x) => ({ id: x.id, state: 'not-started' }));
}

function render(row) {
  lastRows.set(row.user, row);
  const tr = el('tr', { 'data-user': row.user });
  const name = el('th', { scope: 'row', text: row.user });
  const c = source === 'cluster' ? cluster.get(row.user) : undefined;
  if (c) name.append(el('span', { className: 'note', text: c.error ? c.error : 'namespace ' + c.namespace }));
  tr.append(name);
  tr.append(el('td', { className: row.connected ? 'connected' : '', 'data-connected': String(row.connected), text: row.connected ? 'connected' : 'no' }));
  tr.append(el('td', { 'data-last': String(row.lastActivity || 0), text: when(row.lastActivity) }));
  for (const lab of labs) for (const t of tasksOf(row, lab)) tr.append(cell(row.user, lab, t));
  const old = rows.get(row.user);
  if (old && old.isConnected) old.replaceWith(tr);
  else {
    const body = $('#class tbody');
    const after = [...body.children].find((r) => r.dataset.user > row.user);
    body.insertBefore(tr, after || null);
  }
  rows.set(row.user, tr);
}

async function showFile(user, lab, t) {
  const box = $('#file');
  box.hidden = false;
  box.replaceChildren(el('p', { text: 'Loading ' + user + "'s " + (t.file || 'file') + '…' }));
  const q = new URLSearchParams({ user, lab, path: t.file || '', task: t.id });
  const res = await fetch('/trainer/api/file?' + q, auth);
  const data = await res.json();
  if (!res.ok) { box.replaceChildren(el('p', { text: data.error || ('HTTP ' + res.status) })); return; }
  const pre = el('pre', { 'aria-label': user + ': ' + data.path + ' (read-only)' });
  const lines = data.text.split('\\n');
  lines.forEach((line, i) => {
    const n = i + 1;
    const marks = data.marks.filter((m) => m.line === n);
    pre.append(el('span', { className: 'line' + (marks.length ? ' mark' : ''), 'data-n': String(n), text: line }));
    for (const m of marks) pre.append(el('span', { className: 'finding', text: '↑ ' + m.text + (m.detail ? ' — ' + m.detail : '') }));
  });
  const close = el('button', { type: 'button', text: 'Close' });
  close.addEventListener('click', () => { box.hidden = true; box.replaceChildren(); });
  box.replaceChildren(el('h2', { text: user + ': ' + data.path + ' (read-only)' }), close, pre);
}

async function download(lab, format) {
  const res = await fetch('/trainer/api/report?' + new URLSearchParams({ lab, format }), auth);
  const blob = await res.blob();
  const a = el('a', { href: URL.createObjectURL(blob), download: 'class-lab' + lab + (format === 'json' ? '.json' : '.xml') });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function sourceBar(offered) {
  const bar = $('#source');
  bar.hidden = !offered;
  if (!offered) { source = 'homes'; return; }
  const homes = el('button', { type: 'button', text: 'Files in the homes (live)' });
  const live = el('button', { type: 'button', text: 'Objects in the cluster' });
  homes.setAttribute('aria-pressed', String(source === 'homes'));
  live.setAttribute('aria-pressed', String(source === 'cluster'));
  homes.dataset.source = 'homes';
  live.dataset.source = 'cluster';
  homes.addEventListener('click', () => { source = 'homes'; sourceBar(true); rerender(); status('Live: the files in the trainees\\' homes'); });
  live.addEventListener('click', () => { source = 'cluster'; sourceBar(true); void checkCluster(); });
  bar.replaceChildren(el('span', { text: 'Check: ' }), homes, live);
  if (source === 'cluster') {
    const again = el('button', { type: 'button', text: 'Check the cluster again' });
    again.addEventListener('click', () => void checkCluster());
    bar.append(again, el('span', { text: clusterAt ? 'as of ' + new Date(clusterAt).toLocaleTimeString() : '' }));
  }
}

function rerender() { for (const r of [...lastRows.values()]) render(r); }

async function checkCluster() {
  status('Asking the cluster (kubectl get in each trainee\\'s namespace)…');
  const next = new Map();
  for (const lab of labs) {
    const res = await fetch('/trainer/api/cluster?' + new URLSearchParams({ lab: lab.key }), auth);
    const data = await res.json();
    if (!res.ok) { status(data.error || ('HTTP ' + res.status)); return; }
    for (const t of data.trainees) {
      const c = next.get(t.user) || { namespace: t.namespace, labs: {} };
      if (t.error) c.error = t.error;
      else c.labs[lab.key] = t.tasks;
      next.set(t.user, c);
    }
  }
  cluster = next;
  clusterAt = Date.now();
  if (source === 'cluster') { sourceBar(true); rerender(); status('What the cluster holds (kvlab check --namespace); the homes stay live behind the other button'); }
}

function full(data) {
  labs = data.labs;
  sourceBar(data.cluster);
  head();
  $('#class tbody').replaceChildren();
  rows.clear();
  lastRows.clear();
  for (const r of data.trainees) render(r);
  status(data.trainees.length + ' trainee(s); live');
}

const events = new EventSource('/trainer/events?' + new URLSearchParams({ token }));
events.addEventListener('class', (e) => full(JSON.parse(e.data)));
events.addEventListener('row', (e) => render(JSON.parse(e.data)));
events.onerror = () => status('Reconnecting to the gateway…');
events.onopen = () => status('Live');
`;
