// Stub of …/colorPicker/browser/hoverColorPicker/hoverColorPickerParticipant.js (see
// ../monaco-slim.ts). Safe: contentHoverRendered.js only tests hover participants with
// instanceof; the participant is registered by colorPickerContribution.js, which the lab does
// not import (no color provider for YAML).
export class HoverColorPickerParticipant {}
export class ColorHover {}
