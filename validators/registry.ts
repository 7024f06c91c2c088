// The precompiled validators (ajv standalone, made by gen-schemas), one module per API group:
// VirtualMachine's and VirtualMachineInstance's (`vm`) load with the validators; every other
// group's (core, apps, cdi.kubevirt.io, monitoring.coreos.com, …) and cloud-config's load apart,
// so the page's validator worker (the editors' and the terminal's) fetches one only when a
// document needs it, and the editor's first open does not grow with the kinds kvlab knows.
//
// The registry is explicit: nothing loads by itself. A caller that validates any text awaits
// loadAllValidators() once (the CLI and tests do it by importing ./load-all.ts); the page's
// worker awaits ensureValidatorsFor(texts) before each validateText instead. A validator asked
// for before its module loaded throws ValidatorNotLoaded, never a wrong verdict.
import type { ErrorObject } from 'ajv';
import { ValidatorNotLoaded } from './not-loaded.ts';
import * as vm from './generated/validators-vm.js';
import { loaders } from './generated/modules.ts';
import { kindVersions } from './generated/kinds.ts';

export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const registry: Record<string, Validator | undefined> = {};
/** Validation definitions of the groups loaded so far (not KubeVirt's, which load with schema.ts). */
const groupDefinitions: Record<string, object> = {};
const add = (mod: Record<string, unknown>): void => {
  for (const [k, v] of Object.entries(mod)) {
    if (k === 'definitions') Object.assign(groupDefinitions, v);
    else if (typeof v === 'function') registry[k] = v as Validator;
  }
};
add(vm);

let topKeys: string[] = [];
/** Top-level keys cloud-init knows (for did-you-mean); filled when cloud-config's module loads. */
export const cloudConfigTopKeys = (): string[] => topKeys;
/** A definition of a loaded group's module, by name. */
export const groupDefinition = (name: string): object | undefined => groupDefinitions[name];

/** validator export → its module; a module loads as a whole. */
const moduleOf: Record<string, string> = { cloudConfig: 'cloud-config' };
for (const versions of Object.values(kindVersions)) for (const e of Object.values(versions)) moduleOf[e.validator] = e.module;

/** Rule modules that load with their API group's schema module, so the editor's first open does
 *  not carry rules of kinds it has not seen (the VM's own rules stay in the validators chunk). */
const ruleLoaders: Record<string, () => Promise<object>> = {
  'cdi.kubevirt.io': () => import('./cdi-webhook.ts'),
  'instancetype.kubevirt.io': () => import('./admission/instancetype.ts'),
  'networking.k8s.io': () => import('./k8s-validation/networking.ts'),
  autoscaling: () => import('./k8s-validation/autoscaling.ts'),
  'cloud-config': () => import('./cloudinit-schema.ts'),
};
const rules: Record<string, unknown> = {};

const loading = new Map<string, Promise<void>>();
const settled = new Set<string>(['vm']);

function loadModule(m: string): Promise<void> {
  let p = loading.get(m);
  if (!p) {
    const load = loaders[m];
    if (!load) return Promise.resolve();
    p = Promise.all([
      m === 'cloud-config'
        ? Promise.all([load(), import('./generated/cloud-config-schema.ts')]).then(([mod, { cloudConfigSchema }]) => {
          topKeys = Object.keys((cloudConfigSchema as { properties?: object }).properties ?? {});
          return mod;
        })
        : load(),
      ruleLoaders[m]?.(),
    ]).then(([mod, ruleMod]) => {
      add(mod);
      if (ruleMod) Object.assign(rules, ruleMod);
      settled.add(m);
    });
    loading.set(m, p);
  }
  return p;
}

export { ValidatorNotLoaded };

/** `kind_<Kind>` (`kind_<Kind>__<apiVersion>` for another version's schema) or `cloudConfig`;
 *  undefined for a name no module has. */
export function validatorFor(name: string): Validator | undefined {
  const v = registry[name];
  if (v) return v;
  const m = moduleOf[name];
  if (m && !settled.has(m)) throw new ValidatorNotLoaded(name);
  return undefined;
}

/** A rule function exported by a group's rule module (ruleLoaders); throws ValidatorNotLoaded
 *  before that group has loaded, never answers without the rule. */
export function ruleFor<T>(module: string, name: string): T {
  if (!settled.has(module)) throw new ValidatorNotLoaded(name);
  const r = rules[name];
  if (!r) throw new Error(`no rule ${name} in ${module}'s rule module`);
  return r as T;
}

/** Whether the module holding validator `name` has loaded (the did-you-mean definitions with it). */
export function validatorLoaded(name: string): boolean {
  const m = moduleOf[name];
  return !m || settled.has(m);
}

/** Loads every validator module (load-all.ts also loads the positioned reader). */
export async function loadAllValidators(): Promise<void> {
  await Promise.all(Object.keys(loaders).map(loadModule));
}

/**
 * Loads the modules `texts` may need: cloud-config's when one holds `#cloud-config`, and the
 * module of each API group a `kind:` line names (every served version of that kind). A text this
 * misreads (a flow-style `{kind: …}`) makes validatorFor throw ValidatorNotLoaded; the caller
 * then loads all.
 */
export async function ensureValidatorsFor(texts: string[]): Promise<void> {
  const need = new Set<string>();
  if (texts.some((t) => t.includes('#cloud-config'))) need.add('cloud-config');
  // a VM's dataVolumeTemplates go through CDI's webhook rules
  if (texts.some((t) => t.includes('dataVolumeTemplates'))) need.add('cdi.kubevirt.io');
  // a VM that names an instance type or preference: their admission rules
  if (texts.some((t) => /^\s*(?:instancetype|preference):/m.test(t))) need.add('instancetype.kubevirt.io');
  for (const t of texts) {
    for (const m of t.matchAll(/^\s*(?:-\s+)?kind:\s*["']?([A-Za-z]+)/gm)) {
      for (const e of Object.values(kindVersions[m[1]!] ?? {})) need.add(e.module);
    }
  }
  await Promise.all([...need].filter((m) => !settled.has(m)).map(loadModule));
}
