// Kinds kvlab checks beyond their schema (admission, start, cloud-init or the cluster's own
// validation rules). A served kind outside this set is validated against its schema alone, and
// its result carries an info finding saying so. Add a kind here with the rules that cover it.
export const KINDS_WITH_RULES = new Set<string>(['VirtualMachine', 'VirtualMachineInstance', 'Secret']);
