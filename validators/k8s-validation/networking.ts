// networking.k8s.io/v1 Ingress (kubernetes pkg/apis/networking/validation/validation.go v1.32:
// ValidateIngressSpec, validateIngressRules, validateHTTPIngressPath, validateIngressBackend).
import type { PathSeg } from '../spans.ts';
import { arr, isObj, type Obj } from '../raw.ts';
import { dns1035Label, dns1123Subdomain, Errs, go, portName, portNum } from './field.ts';

// the group's other kind: one rule module per group (registry.ts ruleLoaders)
export { validateNetworkPolicy } from './networkpolicy.ts';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const BAD_SEQ = ['//', '/./', '/../', '%2f', '%2F'];
const BAD_SUFFIX = ['/..', '/.'];

function backend(e: Errs, b: unknown, at: PathSeg[]): void {
  const be = isObj(b) ? b : {};
  const svc = isObj(be.service) ? be.service : undefined;
  const res = isObj(be.resource) ? be.resource : undefined;
  if (svc && res) { e.invalid(at, '', 'cannot set both resource and service backends', 'Keep service or resource.'); return; }
  if (res) return;
  if (!svc) { e.invalid(at, '', 'resource or service backend is required', 'Add service: {name: <Service>, port: {number: 80}}.'); return; }
  const name = typeof svc.name === 'string' ? svc.name : '';
  if (!name) e.required([...at, 'service', 'name'], '', 'Name the Service the path goes to.');
  else for (const m of dns1035Label(name)) e.invalid([...at, 'service', 'name'], name, m, 'A Service name is a DNS-1035 label.');
  const port = isObj(svc.port) ? svc.port : {};
  const pn = typeof port.name === 'string' ? port.name : '';
  const num = typeof port.number === 'number' ? port.number : 0;
  if (pn && num) e.invalid(at, '', 'cannot set both port name & port number', 'Keep port.number or port.name.');
  else if (pn) for (const m of portName(pn)) e.invalid([...at, 'service', 'port', 'name'], pn, m, 'A named port is an IANA_SVC_NAME.');
  else if (num) for (const m of portNum(num)) e.invalid([...at, 'service', 'port', 'number'], num, m, 'Use a port between 1 and 65535.');
  else e.required(at, 'port name or number is required', 'Add port: {number: 80} (or port: {name: http}) under service — indented below port:.');
}

/** A rule or TLS host: IsWildcardDNS1123Subdomain when it holds "*", else IsDNS1123Subdomain. */
function host(e: Errs, h: string, at: PathSeg[]): void {
  if (h.includes('*')) {
    if (!/^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(h)) e.invalid(at, h, "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", 'Write *.example.com.');
  } else for (const m of dns1123Subdomain(h)) e.invalid(at, h, m, 'A host is a DNS name in lower case, e.g. app.example.com.');
}

export function validateIngress(e: Errs, obj: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const rules = arr(spec.rules);
  if (rules.length === 0 && !isObj(spec.defaultBackend))
    e.invalid(['spec'], go(Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)'), 'either `defaultBackend` or `rules` must be specified', 'Add rules (host and http.paths) or a defaultBackend.');
  if (isObj(spec.defaultBackend)) backend(e, spec.defaultBackend, ['spec', 'defaultBackend']);
  arr(spec.tls).forEach((t, i) => {
    if (isObj(t)) arr(t.hosts).forEach((h, j) => { if (typeof h === 'string') host(e, h, ['spec', 'tls', i, 'hosts', j]); });
  });
  rules.forEach((r, i) => {
    if (!isObj(r)) return;
    const at = (...x: PathSeg[]) => ['spec', 'rules', i, ...x];
    if (typeof r.host === 'string' && r.host) {
      host(e, r.host, at('host'));
      if (!r.host.includes('*') && (/^\d+\.\d+\.\d+\.\d+$/.test(r.host) || r.host.includes(':'))) e.invalid(at('host'), r.host, 'must be a DNS name, not an IP address', 'Leave host out to match any address.');
    }
    if (!isObj(r.http)) return;
    const paths = arr(r.http.paths);
    if (!paths.length) e.required(at('http', 'paths'), '', 'Add a path: paths: [{path: /, pathType: Prefix, backend: …}].');
    paths.forEach((p, j) => {
      if (!isObj(p)) return;
      const pa = (...x: PathSeg[]) => at('http', 'paths', j, ...x);
      const path = typeof p.path === 'string' ? p.path : '';
      if (typeof p.pathType !== 'string') { e.required(pa('pathType'), 'pathType must be specified', 'Add pathType: Prefix (or Exact, ImplementationSpecific).'); return; }
      if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
        if (!path.startsWith('/')) e.invalid(pa('path'), path, 'must be an absolute path', 'Start the path with "/".');
        if (path) {
          for (const s of BAD_SEQ) if (path.includes(s)) e.invalid(pa('path'), path, `must not contain '${s}'`);
          for (const s of BAD_SUFFIX) if (path.endsWith(s)) e.invalid(pa('path'), path, `cannot end with '${s}'`);
        }
      } else if (p.pathType === 'ImplementationSpecific') {
        if (path && !path.startsWith('/')) e.invalid(pa('path'), path, 'must be an absolute path', 'Start the path with "/".');
      } else e.notSupported(pa('pathType'), p.pathType, PATH_TYPES, 'Use Prefix, Exact or ImplementationSpecific.');
      backend(e, p.backend, pa('backend'));
    });
  });
}
