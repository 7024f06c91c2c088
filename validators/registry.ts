// The precompiled validators (ajv standalone, made by gen-schemas), in three modules: the core
// kinds (VirtualMachine, VirtualMachineInstance, Secret, ConfigMap, Service, Namespace) load with
// the validators; cloud-config's and the other KubeVirt kinds' load apart (≈ 50 and 65 KB
// gzipped), so the page's validator worker (the editors' and the terminal's) fetches them only
// when a document needs them.
//
// The registry is explicit: nothing loads by itself. A caller that validates any text awaits
// loadAllValidators() once (the CLI and tests do it by importing ./load-all.ts); the page's
// worker awaits ensureValidatorsFor(texts) before each validateText instead. A validator asked
// for before its module loaded throws ValidatorNotLoaded, never a wrong verdict.
import type { ErrorObject } from 'ajv';
import * as core from './generated/validators-core.js';

export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const registry: Record<string, Validator | undefined> = {};
const add = (mod: object): void => {
  Object.assign(registry, mod);
};
add(core);

let topKeys: string[] = [];
/** Top-level keys cloud-init knows (for did-you-mean); filled when cloud-config's module loads. */
export const cloudConfigTopKeys = (): string[] => topKeys;

const groups = {
  'cloud-config': async () => {
    const [mod, { cloudConfigSchema }] = await Promise.all([import('./generated/validators-cloud-config.js'), import('./generated/cloud-config-schema.ts')]);
    topKeys = Object.keys((cloudConfigSchema as { properties?: object }).properties ?? {});
    return mod;
  },
  more: () => import('./generated/validators-more.js'),
} as const;
type Group = keyof typeof groups;
const loading = new Map<Group, Promise<void>>();
const settled = new Set<Group>();

function loadGroup(g: Group): Promise<void> {
  let p = loading.get(g);
  if (!p) {
    p = groups[g]().then((mod) => {
      add(mod);
      settled.add(g);
    });
    loading.set(g, p);
  }
  return p;
}

/** Thrown by validatorFor when a validator's module has not been loaded (lazy mode only). */
export class ValidatorNotLoaded extends Error {
  constructor(readonly name: string) {
    super(`the ${name} validator is not loaded yet (await ensureValidatorsFor(text) first)`);
  }
}

/** `kind_<Kind>` or `cloudConfig`; undefined for a name no module has. */
export function validatorFor(name: string): Validator | undefined {
  const v = registry[name];
  if (v) return v;
  const g: Group = name === 'cloudConfig' ? 'cloud-config' : 'more';
  if (!settled.has(g)) throw new ValidatorNotLoaded(name);
  return undefined;
}

/** Loads every validator module. */
export async function loadAllValidators(): Promise<void> {
  await Promise.all((Object.keys(groups) as Group[]).map(loadGroup));
}

const CORE = new Set(Object.keys(core).map((k) => k.replace(/^kind_/, '')));

/**
 * Loads the modules `texts` may need: cloud-config's when one holds `#cloud-config`, the other
 * kinds' when a `kind:` names a kind outside the core ones. A text this misreads (a flow-style
 * `{kind: …}`) makes validatorFor throw ValidatorNotLoaded; the caller then loads all.
 */
export async function ensureValidatorsFor(texts: string[]): Promise<void> {
  const need: Promise<void>[] = [];
  const mark = (g: Group) => need.push(loadGroup(g));
  if (texts.some((t) => t.includes('#cloud-config'))) mark('cloud-config');
  const kinds = texts.flatMap((t) => [...t.matchAll(/^\s*(?:-\s+)?kind:\s*["']?([A-Za-z]+)/gm)].map((m) => m[1]!));
  if (kinds.some((k) => !CORE.has(k))) mark('more');
  await Promise.all(need);
}
