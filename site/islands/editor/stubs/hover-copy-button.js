// Stub of …/contrib/hover/browser/hoverCopyButton.js (see ../monaco-slim.ts): no copy button on
// hovers (the real one imports the whole find widget for its button). The hover text can still
// be selected and copied.
import { Disposable } from 'monaco-editor/esm/vs/base/common/lifecycle.js';

export class HoverCopyButton extends Disposable {}
