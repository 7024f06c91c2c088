// Imported for its effect by the faces that validate in Node (the CLI's commands, benchmarks,
// the unit tests' setup): every validator module and the positioned reader are loaded before the
// first validateText.
import { loadAllValidators } from './registry.ts';
import { loadPositionedReader } from './positioned-reader.ts';

await Promise.all([loadAllValidators(), loadPositionedReader()]);
