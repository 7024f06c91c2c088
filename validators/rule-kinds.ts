// Kinds kvlab checks beyond their schema and object metadata (admission, the API server's own
// validation of the kind, start, cloud-init). A served kind outside this set is validated against
// its schema (and ObjectMeta's rules) alone, and its result carries an info finding saying so.
// Add a kind here with the rules that cover it.
import { VALIDATED_KINDS } from './k8s-validation/index.ts';

export const KINDS_WITH_RULES = new Set<string>(['VirtualMachine', 'VirtualMachineInstance', 'Secret', 'DataVolume', ...VALIDATED_KINDS]);
