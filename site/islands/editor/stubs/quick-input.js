// Stub of …/standalone/browser/quickInput/standaloneQuickInputService.js (see ../monaco-slim.ts).
// The quick input is the command palette and Monaco's pickers. Safe: the lab imports no
// contribution that opens one (quick command, go-to-line, symbol pickers, paste-as); should
// something still ask, pick() and input() answer as if the trainee cancelled.
export class StandaloneQuickInputService {
  pick() {
    return Promise.resolve(undefined);
  }
  input() {
    return Promise.resolve(undefined);
  }
  createQuickPick() {
    throw new Error('kvlab: Monaco quick input is not bundled');
  }
  createInputBox() {
    throw new Error('kvlab: Monaco quick input is not bundled');
  }
  toggleHover() {}
}
