// Unit tests validate in Node as the CLI does: every validator module loaded first (the lazy
// path the page's worker takes is tested on a fresh registry in lazy-validators.test.ts).
import '../../validators/load-all.ts';
