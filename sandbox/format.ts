// kubectl's printing conventions: ages as duration.HumanDuration writes them and tables as its
// tabwriter lays them out (columns padded by three spaces, the last one not padded).

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export function humanDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 10) return s % 60 === 0 ? `${minutes}m` : `${minutes}m${s % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(s / 3600);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** Rows laid out with fixed column widths; `widths` lets a watch keep the header's widths. */
/** `pad`: the gap after a column: 3 as kubectl get's printers, 2 as kubectl describe's tabwriter. */
export function table(rows: string[][], widths?: number[], pad = 3): string[] {
  const w = widths ?? columnWidths(rows);
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]! + pad))).join('').replace(/\s+$/, ''));
}

export function columnWidths(rows: string[][]): number[] {
  const w: number[] = [];
  for (const r of rows) r.forEach((c, i) => (w[i] = Math.max(w[i] ?? 0, c.length)));
  return w;
}

/** A UTC timestamp as the API server writes creationTimestamp, from simulated seconds. */
export function timestamp(epochMs: number, simSeconds: number): string {
  return new Date(epochMs + Math.round(simSeconds * 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
