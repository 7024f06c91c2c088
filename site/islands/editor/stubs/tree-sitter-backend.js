// Stub of …/model/tokens/treeSitter/treeSitterSyntaxTokenBackend.js (see ../monaco-slim.ts).
// Safe: a model uses it only when the tree-sitter library service supports its language, and
// the standalone service (standaloneTreeSitterLibraryService.js) supports none. YAML is Monarch.
export class TreeSitterSyntaxTokenBackend {
  constructor() {
    throw new Error('kvlab: tree-sitter tokens are not bundled');
  }
}
