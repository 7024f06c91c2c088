// The positioned reader (slow-path.ts, with `yaml`) loads on demand: the page's worker needs it
// only for a text the quick reader cannot read or a finding the quick locator cannot place, so a
// clean document never fetches it. Node faces load it with every validator (load-all.ts).
import type * as SlowPath from './slow-path.ts';
import { ValidatorNotLoaded } from './not-loaded.ts';

/** What ValidatorNotLoaded names when the positioned reader is missing. */
export const POSITIONED_READER = 'positioned YAML reader';

let reader: typeof SlowPath | undefined;
let loading: Promise<void> | undefined;

export function loadPositionedReader(): Promise<void> {
  return (loading ??= import('./slow-path.ts').then((m) => { reader = m; }));
}

/** The positioned reader; throws ValidatorNotLoaded(POSITIONED_READER) before it has loaded. */
export function positionedReader(): typeof SlowPath {
  if (!reader) throw new ValidatorNotLoaded(POSITIONED_READER);
  return reader;
}
