// validateCloudConfig: a #cloud-config text against cloud-init 26.2's schema, positioned inside
// it (cloudinit.ts has the rest of the cloud-init stage). Loads with cloud-config's schema module
// (registry.ts ruleLoaders); callers reach it through ruleFor('cloud-config', 'validateCloudConfig')
// and hand it the precompiled validator and cloud-init's top-level keys (no import back into registry.ts).
import { parseDocument } from 'yaml';
import { locate } from './positions.ts';
import { dottedPath, LineCounter, spanOf, type PathSeg } from './spans.ts';
import { closest } from './edit-distance.ts';
import type { InnerFinding } from './cloudinit.ts';

type Validator = ((data: unknown) => boolean) & { errors?: import('ajv').ErrorObject[] | null };

/** Findings for a #cloud-config text, positioned inside it. */
export function validateCloudConfig(text: string, validator: () => Validator, topKeys: () => string[]): { findings: InnerFinding[]; data: unknown } {
  const lc = new LineCounter(text);
  const doc = parseDocument(text, { prettyErrors: false });
  const findings: InnerFinding[] = [];
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const s = spanOf(lc, e.pos[0], e.pos[1]);
      findings.push({ severity: 'error', message: `cloud-config is not valid YAML: ${e.message.split('\n')[0]}`, path: '', line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn, hint: 'cloud-init ignores user data it cannot parse: fix the YAML.' });
    }
    return { findings, data: undefined };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    findings.push({ severity: 'error', message: `cloud-config: ${(e as Error).message}`, path: '', line: 1, column: 1, endLine: 1, endColumn: 2 });
    return { findings, data: undefined };
  }
  if (data === null || data === undefined) return { findings, data: {} };
  const v = validator();
  if (!v(data)) {
    const seen = new Set<string>();
    for (const e of v.errors ?? []) {
      // Composite keywords repeat what their branches already said.
      if (['anyOf', 'oneOf', 'allOf', 'if', 'then', 'not'].includes(e.keyword)) continue;
      const path: PathSeg[] = e.instancePath ? e.instancePath.slice(1).split('/').map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~'))) : [];
      let message: string;
      let hint: string | undefined;
      let anchor: 'key' | 'value' = 'value';
      let at = path;
      if (e.keyword === 'additionalProperties') {
        const prop = (e.params as { additionalProperty: string }).additionalProperty;
        at = [...path, prop];
        anchor = 'key';
        message = `Additional properties are not allowed ('${prop}' was unexpected)`;
        const close = path.length === 0 ? closest(prop, topKeys(), Math.max(2, Math.floor(prop.length / 3))) : undefined;
        hint = close ? `Did you mean "${close}"?` : 'Remove it: cloud-init does not know this key.';
      } else {
        message = `${dottedPath(path) || 'cloud-config'}: ${e.message ?? 'is invalid'}`;
        if (e.keyword === 'type') hint = `Write a value that ${e.message}.`;
      }
      const key = `${dottedPath(at)}|${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const [a, b] = locate(doc, at, anchor);
      const s = spanOf(lc, a, b);
      findings.push({ severity: 'error', message, hint, path: dottedPath(at), line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn });
    }
  }
  return { findings, data };
}

