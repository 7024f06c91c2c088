// Stub of …/observableInternal/logging/debugger/devToolsLogger.js (see ../monaco-slim.ts).
// Safe: observableInternal/index.js uses it only when VSCODE_DEV_DEBUG_OBSERVABLES is set.
export class DevToolsLogger {
  static getInstance() {
    throw new Error('kvlab: observable dev-tools logger is not bundled');
  }
}
