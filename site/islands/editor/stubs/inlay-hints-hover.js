// Stub of …/inlayHints/browser/inlayHintsHover.js (see ../monaco-slim.ts). Safe:
// contentHoverRendered.js only tests participants with instanceof; it is registered by the inlay
// hints contribution, which the lab does not import (no inlay hints provider).
export class InlayHintsHover {}
