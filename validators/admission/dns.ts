// Pod DNS (dnsPolicy/dnsConfig), subdomain and serviceAccountName: the rules KubeVirt v1.9.0's
// VMI spec admitter takes over from Kubernetes (vmi-create-admitter.go: validatePodDNSConfig,
// validateSubdomainDNSSubdomainRules, validateServiceAccountName, validateVolumes). Rule ids
// DNS1–DNS8, SD1, SA1–SA4 in docs/validators.md.
import { dns1123SubdomainErrors, isGoIP } from '../k8s.ts';
import { arr, isObj } from '../raw.ts';
import { add, P, present, type Ctx } from './ctx.ts';

const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 6;
const MAX_SEARCH_CHARS = 256;

/** Go's %s of a []string: [a b c]. */
const goList = (xs: unknown[]) => `[${xs.map(String).join(' ')}]`;

export function dnsRules(ctx: Ctx): void {
  const s = ctx.spec;
  if (typeof s.subdomain === 'string' && s.subdomain !== '') {
    const errs = dns1123SubdomainErrors(s.subdomain);
    if (errs.length) add(ctx, ['subdomain'], `${P(ctx, ['subdomain'])} does not conform to the kubernetes DNS_SUBDOMAIN rules : ${errs.join(', ')}`, 'Use lower case letters, digits, "-" and ".", e.g. subdomain: lab-vms.', 'value');
  }
  const cfg = isObj(s.dnsConfig) ? s.dnsConfig : undefined;
  if (s.dnsPolicy === 'None') {
    if (!cfg) {
      add(ctx, ['dnsPolicy'], 'must provide `dnsConfig` when `dnsPolicy` is None', 'Add dnsConfig: {nameservers: [an IP address]}, or use dnsPolicy: ClusterFirst.', 'value');
      return;
    }
    if (arr(cfg.nameservers).length === 0) {
      add(ctx, ['dnsConfig'], 'must provide at least one DNS nameserver when `dnsPolicy` is None', 'Add nameservers: [an IP address such as 1.1.1.1] under dnsConfig.');
      return;
    }
  }
  if (!cfg) return;
  const ns = arr(cfg.nameservers);
  if (ns.length > MAX_NAMESERVERS) add(ctx, ['dnsConfig', 'nameservers'], `must not have more than ${MAX_NAMESERVERS} nameservers: ${goList(ns)}`, `Keep at most ${MAX_NAMESERVERS} nameservers.`);
  ns.forEach((n, i) => {
    if (!isGoIP(String(n))) add(ctx, ['dnsConfig', 'nameservers', i], `must be valid IP address: ${String(n)}`, 'A nameserver is an IP address (1.1.1.1 or 2606:4700::1111), not a host name.', 'value');
  });
  const searches = arr(cfg.searches).map(String);
  if (searches.length > MAX_SEARCHES) add(ctx, ['dnsConfig', 'searches'], `must not have more than ${MAX_SEARCHES} search paths`, `Keep at most ${MAX_SEARCHES} search domains.`);
  if (searches.join(' ').length > MAX_SEARCH_CHARS) add(ctx, ['dnsConfig', 'searches'], `must not have more than ${MAX_SEARCH_CHARS} characters (including spaces) in the search list`, 'Shorten or drop search domains.');
  searches.forEach((d, i) => {
    for (const m of dns1123SubdomainErrors(d)) add(ctx, ['dnsConfig', 'searches', i], m, 'A search domain is a lower-case DNS name such as ns1.svc.cluster.local.', 'value');
  });
  arr(cfg.options).forEach((o, i) => {
    if (!isObj(o) || typeof o.name !== 'string' || o.name === '') add(ctx, ['dnsConfig', 'options', i], 'Option.Name must not be empty', 'Give the option a name, e.g. {name: ndots, value: "2"}.');
  });
}

export function serviceAccountRules(ctx: Ctx): void {
  const s = ctx.spec;
  const vols = arr(s.volumes);
  const saVols = vols.map((v, i) => [v, i] as const).filter(([v]) => isObj(v) && present(v.serviceAccount));
  for (const [v, i] of saVols) {
    const sa = (v as { serviceAccount: unknown }).serviceAccount;
    if (!isObj(sa) || typeof sa.serviceAccountName !== 'string' || sa.serviceAccountName === '')
      add(ctx, ['volumes', i, 'serviceAccount'], `${P(ctx, ['volumes', i, 'serviceAccount', 'serviceAccountName'])} is a required field`, 'Add serviceAccountName: <ServiceAccount name>.');
  }
  if (saVols.length > 1) add(ctx, ['volumes', saVols[1]![1]], `${P(ctx, ['volumes'])} must have max one serviceAccount volume set`, 'A VM mounts one service account: keep one serviceAccount volume.');
  const name = s.serviceAccountName;
  if (typeof name !== 'string' || name === '') return;
  const errs = dns1123SubdomainErrors(name);
  if (errs.length) add(ctx, ['serviceAccountName'], `${P(ctx, ['serviceAccountName'])} is not a valid service account name: ${errs.join('; ')}`, 'A service account name is a lower-case DNS name, e.g. lab-reader.', 'value');
  for (const [v, i] of saVols) {
    const other = (v as { serviceAccount: { serviceAccountName?: unknown } }).serviceAccount?.serviceAccountName ?? '';
    if (other !== name) {
      add(ctx, ['serviceAccountName'], `spec.serviceAccountName ${JSON.stringify(name)} and serviceAccount volume ${JSON.stringify(String(other))} must reference the same service account`, `Name the same account in both places (volumes[${i}].serviceAccount.serviceAccountName).`, 'value');
      break;
    }
  }
}
