// Stub of …/browser/viewParts/minimap/minimap.js (see ../monaco-slim.ts): an empty view part.
// Safe: panel.ts creates every editor with minimap: { enabled: false }, so the layout gives the
// minimap no width and the real one would only draw nothing; view.js just needs a part with a
// DOM node.
import { createFastDomNode } from 'monaco-editor/esm/vs/base/browser/fastDomNode.js';
import { ViewPart, PartFingerprints } from 'monaco-editor/esm/vs/editor/browser/view/viewPart.js';

export class Minimap extends ViewPart {
  constructor(context) {
    super(context);
    this._domNode = createFastDomNode(document.createElement('div'));
    PartFingerprints.write(this._domNode, 9 /* PartFingerprint.Minimap */);
    this._domNode.setClassName('minimap');
    this._domNode.setPosition('absolute');
  }
  getDomNode() {
    return this._domNode;
  }
  prepareRender() {}
  render() {}
}
