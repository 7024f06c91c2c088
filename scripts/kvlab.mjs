#!/usr/bin/env node
// Entry point of the `kvlab` command line. The commands are TypeScript; tsx loads them
// so the same sources serve the CLI, the site build and the tests without a compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./kvlab.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
