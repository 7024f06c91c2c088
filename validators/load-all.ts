// Imported for its effect by the faces that validate in Node (the CLI's commands, benchmarks,
// the unit tests' setup): every validator module is loaded before the first validateText.
import { loadAllValidators } from './registry.ts';

await loadAllValidators();
