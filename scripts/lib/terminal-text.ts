// Text output goes to a terminal. Control characters from the input (a VM named
// "\e]0;PWNED\a\e[2J", a trainee's folder name, a cloud-init command) would retitle, clear or
// recolour the trainer's terminal, or forge lines; bidi overrides would reorder what is shown.
// Every text formatter passes user-controlled strings through here: they are shown escaped,
// as a JavaScript string literal would write them (\x1b, \n, \u202e).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** `s` with every control character escaped; `keepNewlines` for text whose lines are ours. */
export function escapeControl(s: string, keepNewlines = false): string {
  return s.replace(keepNewlines ? UNSAFE_BUT_NEWLINE : UNSAFE, escapeOne);
}
