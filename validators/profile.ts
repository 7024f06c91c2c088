// The cluster profile: which APIs the training's cluster serves. kvlab knows one schema per kind
// (validators/generated/kinds.ts, each from a component: Kubernetes, KubeVirt, CDI, multus,
// prometheus-operator); the profile says which components the cluster runs and which
// group/versions it does not serve, so a kind the cluster would not know gets the API server's own
// `no matches for kind …`. A training sets it in its site params (`params.kvlab.profile`, see
// docs/validators.md); `profileFromParams` reads that.
import { kindVersions, type Component } from './generated/kinds.ts';

export type { Component };

export interface ClusterProfile {
  /** Shown in hints ("the cluster profile NAME …"). */
  name: string;
  /** The components the cluster runs, each with its version (kvlab's schemas are of these versions). */
  components: Partial<Record<Component, string>>;
  /** Group/versions (`pool.kubevirt.io/v1alpha1`), groups (`monitoring.coreos.com`) or
   *  `apiVersion/Kind` that the cluster does not serve although a component of it would. */
  omit?: string[];
}

/** What a KubeVirt training runs on: Kubernetes 1.32, KubeVirt v1.9.0, CDI of the same time, multus, prometheus-operator. */
export const DEFAULT_PROFILE: ClusterProfile = {
  name: 'kvlab-default',
  components: { kubernetes: '1.32', kubevirt: 'v1.9.0', cdi: 'v1.66.0', multus: 'v1', 'prometheus-operator': 'v0.93.0' },
};

export const COMPONENTS: Component[] = ['kubernetes', 'kubevirt', 'cdi', 'multus', 'prometheus-operator'];

const LABEL: Record<Component, string> = { kubernetes: 'Kubernetes', kubevirt: 'KubeVirt', cdi: 'CDI', multus: 'multus', 'prometheus-operator': 'prometheus-operator' };

/** "Kubernetes 1.32, KubeVirt v1.9.0, …" */
export function describeProfile(p: ClusterProfile): string {
  return COMPONENTS.filter((c) => p.components[c] !== undefined).map((c) => `${LABEL[c]} ${p.components[c]}`).join(', ');
}

export const componentLabel = (c: Component): string => LABEL[c];

/** Whether the profile's cluster serves `kind` at `apiVersion`. */
export function serves(p: ClusterProfile, kind: string, apiVersion: string, component: Component | undefined): boolean {
  if (!component || p.components[component] === undefined) return false;
  if (kindVersions[kind]?.[apiVersion] === undefined) return false;
  const omit = p.omit;
  if (!omit?.length) return true;
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  return !omit.includes(apiVersion) && !omit.includes(`${apiVersion}/${kind}`) && !(group && omit.includes(group));
}

/** The served apiVersions of `kind` under the profile. */
export function servedVersions(p: ClusterProfile, kind: string, component: Component | undefined): string[] {
  return Object.keys(kindVersions[kind] ?? {}).filter((v) => serves(p, kind, v, component));
}

/**
 * A training's profile from its site params (`params.kvlab.profile`):
 *   `{ name?, components?: { kubernetes: "1.32", kubevirt: "v1.9.0", cdi: …, multus: …, prometheus-operator: … }, omit?: [...] }`.
 * `components`, when given, lists every component the cluster runs (one left out is not served);
 * left out entirely, the default's components. Returns the problems found (unknown keys or
 * components, wrong types) beside the profile, which keeps the default for what is wrong.
 */
export function profileFromParams(params: Record<string, unknown> | undefined): { profile: ClusterProfile; problems: string[] } {
  const problems: string[] = [];
  const kv = params?.kvlab;
  const raw = kv && typeof kv === 'object' ? (kv as Record<string, unknown>).profile : undefined;
  if (raw === undefined) return { profile: DEFAULT_PROFILE, problems };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { profile: DEFAULT_PROFILE, problems: ['params.kvlab.profile must be a mapping (name, components, omit)'] };
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!['name', 'components', 'omit'].includes(k)) problems.push(`params.kvlab.profile.${k} is not a profile field (name, components, omit)`);
  const profile: ClusterProfile = { ...DEFAULT_PROFILE };
  if (typeof r.name === 'string' && r.name) profile.name = r.name;
  else if (r.name !== undefined) problems.push('params.kvlab.profile.name must be a string');
  if (r.components !== undefined) {
    if (!r.components || typeof r.components !== 'object' || Array.isArray(r.components)) problems.push('params.kvlab.profile.components must map a component to its version');
    else {
      const comps: Partial<Record<Component, string>> = {};
      for (const [c, v] of Object.entries(r.components)) {
        if (!COMPONENTS.includes(c as Component)) problems.push(`params.kvlab.profile.components.${c}: unknown component (known: ${COMPONENTS.join(', ')})`);
        else comps[c as Component] = String(v);
      }
      profile.components = comps;
    }
  }
  if (r.omit !== undefined) {
    if (!Array.isArray(r.omit) || r.omit.some((x) => typeof x !== 'string')) problems.push('params.kvlab.profile.omit must be a list of group/versions (pool.kubevirt.io/v1alpha1), groups or apiVersion/Kind');
    else profile.omit = r.omit as string[];
  }
  return { profile, problems };
}
