// Stub of …/browser/gpu/viewGpuContext.js and …/viewParts/viewLinesGpu/viewLinesGpu.js (see
// ../monaco-slim.ts). Safe: view.js builds them only with experimentalGpuAcceleration: 'on',
// which the lab never sets (default 'off'); everything else only tests them for undefined.
export class ViewGpuContext {
  constructor() {
    throw new Error('kvlab: GPU rendering is not bundled');
  }
}
export class ViewLinesGpu {
  constructor() {
    throw new Error('kvlab: GPU rendering is not bundled');
  }
}
