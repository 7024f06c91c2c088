// The `validation` stage: what the API server's own validation (the registry strategy's
// Validate, after decoding and defaults) refuses beyond the schema, with its messages
// (`<field>: Invalid value: …`). Kubernetes kinds get their kind's rules; every kind, custom
// resources included, gets the ObjectMeta rules. Pure functions over the parsed object.
import { QUANTITY_FORMAT_MSG } from '../k8s.ts';
import type { PathSeg } from '../spans.ts';
import { arr, isObj, type Obj, type RawFinding } from '../raw.ts';
import type { validateHPA } from './autoscaling.ts';
import { badQuantities, validateConfigMap, validatePVCSpec, validateSecret, validateService } from './core.ts';
import { Errs } from './field.ts';
import { validateObjectMeta } from './meta.ts';
import type { validateIngress, validateNetworkPolicy } from './networking.ts';
import { ruleFor } from '../registry.ts';
import { validateDeployment, validateJob, validatePod } from './workloads.ts';

const RULES: Record<string, (e: Errs, obj: Obj) => void> = {
  Service: validateService,
  ConfigMap: validateConfigMap,
  Secret: validateSecret,
  PersistentVolumeClaim: (e, o) => validatePVCSpec(e, isObj(o.spec) ? o.spec : {}, ['spec']),
  Deployment: validateDeployment,
  Job: validateJob,
  Pod: validatePod,
  // these load with their API group's schema module (registry.ts ruleLoaders)
  Ingress: (e, o) => ruleFor<typeof validateIngress>('networking.k8s.io', 'validateIngress')(e, o),
  NetworkPolicy: (e, o) => ruleFor<typeof validateNetworkPolicy>('networking.k8s.io', 'validateNetworkPolicy')(e, o),
  HorizontalPodAutoscaler: (e, o) => ruleFor<typeof validateHPA>('autoscaling', 'validateHPA')(e, o),
};

/** Kinds with rules here beyond ObjectMeta. */
export const VALIDATED_KINDS = Object.keys(RULES);

const res = (o: unknown, base: PathSeg[]): [Obj | undefined, PathSeg[]] => [isObj(o) && isObj(o.resources) ? o.resources : undefined, [...base, 'resources']];
const containers = (ps: unknown, base: PathSeg[]) =>
  ['initContainers', 'containers'].flatMap((l) => arr(isObj(ps) ? ps[l] : undefined).map((c, i) => res(c, [...base, l, i])));

/** Where the kinds hold resource quantities (decoded before validation). */
function quantityLists(obj: Obj, kind: string): [Obj | undefined, PathSeg[]][] {
  const spec = isObj(obj.spec) ? obj.spec : {};
  switch (kind) {
    case 'PersistentVolumeClaim': return [res(spec, ['spec'])];
    case 'Pod': return containers(spec, ['spec']);
    case 'Deployment': case 'Job': return containers(isObj(spec.template) ? spec.template.spec : undefined, ['spec', 'template', 'spec']);
    case 'DataVolume': return [res(spec.pvc, ['spec', 'pvc']), res(spec.storage, ['spec', 'storage'])];
    default: return [];
  }
}

export function validationStage(obj: Obj, kind: string): RawFinding[] {
  const decode: RawFinding[] = [];
  for (const [list, base] of quantityLists(obj, kind))
    for (const at of badQuantities(list, base)) {
      const version = String(obj.apiVersion ?? '').split('/').pop() || 'v1';
      decode.push({ stage: 'schema', severity: 'error', path: at, anchor: 'value', message: `${kind} in version "${version}" cannot be handled as a ${kind}: ${QUANTITY_FORMAT_MSG}`, hint: 'Write a quantity such as 500m, 2, 1Gi or 512Mi (no space, a known suffix).' });
    }
  if (decode.length) return decode; // the request never reaches validation
  const e = new Errs('validation');
  validateObjectMeta(e, obj, kind);
  RULES[kind]?.(e, obj);
  return e.out;
}
