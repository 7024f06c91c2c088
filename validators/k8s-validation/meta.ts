// ObjectMeta on create: apimachinery pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor
// (v0.32.0 :155-194) with the kind's name rule (generic.go:37-57). Every served kind runs it,
// custom resources too (apiextensions-apiserver validates a CR's metadata with NameIsDNSSubdomain).
import { isObj, type Obj } from '../raw.ts';
import { dns1035Label, dns1123Label, dns1123Subdomain, Errs, qualifiedName, validateLabels } from './field.ts';

/** Kinds whose name is not a DNS-1123 subdomain: Service (ValidateServiceName = NameIsDNS1035Label),
 *  Namespace (ValidateNamespaceName = NameIsDNSLabel). */
const NAME_RULE: Record<string, (v: string) => string[]> = { Service: dns1035Label, Namespace: dns1123Label };

/** generic.go maskTrailingDash: a generateName may end in "-". */
const mask = (n: string) => (n.length > 1 && n.endsWith('-') ? `${n.slice(0, -2)}a` : n);

export function validateObjectMeta(e: Errs, obj: Obj, kind: string): void {
  const m = isObj(obj.metadata) ? obj.metadata : {};
  const rule = NAME_RULE[kind] ?? dns1123Subdomain;
  const hint = kind === 'Service'
    ? 'A Service name is a DNS-1035 label: lower case letters, digits and "-", starting with a letter (e.g. web-svc).'
    : 'Use lower case letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. my-vm).';
  const gen = typeof m.generateName === 'string' ? m.generateName : '';
  if (gen) for (const msg of rule(mask(gen))) e.invalid(['metadata', 'generateName'], gen, msg, hint);
  const name = typeof m.name === 'string' ? m.name : '';
  if (!name) {
    if (!gen) e.required(['metadata', 'name'], 'name or generateName is required', 'Add metadata.name.');
  } else for (const msg of rule(name)) e.invalid(['metadata', 'name'], name, msg, hint);
  if (typeof m.namespace === 'string' && m.namespace) for (const msg of dns1123Label(m.namespace)) e.invalid(['metadata', 'namespace'], m.namespace, msg, 'A namespace is a DNS-1123 label: lower case letters, digits and "-".');
  validateLabels(e, m.labels, ['metadata', 'labels']);
  if (isObj(m.annotations))
    for (const k of Object.keys(m.annotations))
      for (const msg of qualifiedName(k.toLowerCase())) e.invalid(['metadata', 'annotations', k], k, msg, 'An annotation key is an optional DNS prefix and "/" then a name of letters, digits, "-", "_" or ".".', 'metadata.annotations');
}
