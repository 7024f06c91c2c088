// The house's borders (docs/architecture.md), checked by `npm test` (tests/unit/architecture).
// Rooms, lowest first: validators · simulator (may use validators) · engine (content; uses none)
// · exercises (validators, simulator, engine) · sandbox (simulator, validators) · faces: site/
// and scripts/ (any core, never each other). Browser-side rooms use no Node built-in outside
// files named *-fs.ts.
const CORES = '^(validators|simulator|engine|exercises|sandbox)/';
const BROWSER_ROOMS = '^(validators|simulator|engine|exercises|sandbox|site/(islands|workers|entries|lib))/';

/** `room` may import nothing in `forbidden` (a path regex). */
const below = (name, room, forbidden, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path: `^${room}/` },
  to: { path: forbidden },
});

module.exports = {
  forbidden: [
    below('validators-is-a-leaf', 'validators', '^(simulator|engine|exercises|sandbox|site|scripts)/', 'validators/ turns YAML into findings and imports no other room'),
    below('simulator-over-validators', 'simulator', '^(engine|exercises|sandbox|site|scripts)/', 'simulator/ may import validators/ only'),
    below('engine-is-a-leaf', 'engine', '^(validators|simulator|exercises|sandbox|site|scripts)/', 'engine/ (the content engine) imports no other room'),
    below('exercises-over-cores', 'exercises', '^(sandbox|site|scripts)/', 'exercises/ may import validators/, simulator/ and engine/'),
    below('sandbox-over-simulator', 'sandbox', '^(engine|exercises|site|scripts)/', 'sandbox/ may import simulator/ and validators/'),
    below('site-not-scripts', 'site', '^scripts/', 'faces never import each other: move what both need into a core'),
    below('scripts-not-site', 'scripts', '^site/', 'faces never import each other: move what both need into a core'),
    {
      name: 'no-node-in-browser-rooms',
      severity: 'error',
      comment: 'browser-side rooms run in the page and the worker: Node built-ins only in files named *-fs.ts',
      from: { path: BROWSER_ROOMS, pathNot: '-fs\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-fs-module-in-browser-code',
      severity: 'error',
      comment: 'a browser-side module must not import a *-fs.ts module (it would drag Node built-ins into the bundle)',
      from: { path: BROWSER_ROOMS, pathNot: '-fs\\.ts$' },
      to: { path: '-fs\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'modules that import each other in a circle',
      from: { path: `${CORES}|^site/|^scripts/` },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'an import that names no file',
      from: { path: `${CORES}|^site/|^scripts/` },
      to: { couldNotResolve: true, pathNot: '^(astro:|virtual:|@astrojs|pagefind|vite/client)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|tests|\\.astro)/|/generated/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.mjs', '.js', '.d.ts'] },
  },
};
