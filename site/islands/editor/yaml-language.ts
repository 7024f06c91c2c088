// A small Monarch grammar for Kubernetes-style YAML (keys, scalars, comments, block scalars,
// anchors, document markers). Written here because Monaco 0.55's basic-languages/yaml module
// drags the whole editor in with it.
import type { languages } from 'monaco-editor/esm/vs/editor/editor.api.js';

export const yamlConf: languages.LanguageConfiguration = {
  comments: { lineComment: '#' },
  brackets: [
    ['{', '}'],
    ['[', ']'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '"', close: '"', notIn: ['string'] },
    { open: "'", close: "'", notIn: ['string', 'comment'] },
  ],
  surroundingPairs: [
    { open: '"', close: '"' },
    { open: "'", close: "'" },
  ],
  // Keep the indentation of the line above; one step deeper after "key:" with nothing after it.
  onEnterRules: [
    {
      beforeText: /:\s*$/,
      action: { indentAction: 1 /* IndentAction.Indent */ },
    },
  ],
  indentationRules: {
    increaseIndentPattern: /^.*:\s*$/,
    decreaseIndentPattern: /^\s*$/,
  },
};

export const yamlLanguage: languages.IMonarchLanguage = {
  tokenPostfix: '.yaml',
  defaultToken: '',
  tokenizer: {
    root: [
      [/^#cloud-config\b.*$/, 'keyword'],
      [/#.*$/, 'comment'],
      [/^(---|\.\.\.)(?=\s|$)/, 'operators'],
      // "- " list dash
      [/-(?=\s|$)/, 'operators'],
      // key: (plain or quoted)
      [/("[^"]*"|'[^']*'|[^\s#:"'{}[\],&*!|>-][^#:]*?)(\s*)(:)(?=\s|$)/, ['type', 'white', 'operators']],
      [/[&*][^\s,[\]{}]+/, 'namespace'],
      [/![^\s]*/, 'tag'],
      [/[|>][+-]?\d*\s*(#.*)?$/, { token: 'operators', next: '@block' }],
      [/"/, 'string', '@dquote'],
      [/'/, 'string', '@squote'],
      [/[{}[\],]/, 'delimiter'],
      [/(true|false|yes|no|on|off|null|~)(?=\s*(#.*)?$|\s*[,\]}])/i, 'keyword'],
      [/[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)(?=\s*(#.*)?$|\s*[,\]}])/, 'number'],
      [/[^#\s,[\]{}]+(\s+[^#\s,[\]{}]+)*/, 'string'],
      [/\s+/, 'white'],
    ],
    dquote: [
      [/[^\\"]+/, 'string'],
      [/\\./, 'string.escape'],
      [/"/, 'string', '@pop'],
    ],
    squote: [
      [/[^']+/, 'string'],
      [/''/, 'string.escape'],
      [/'/, 'string', '@pop'],
    ],
    // A block scalar: every following line indented deeper than the key is text. Monarch has no
    // indentation memory, so a block ends at the first line that looks like "key:" or "- key:".
    block: [
      [/^\s*$/, 'string'],
      [/^(?=\s*(-\s+)?[\w.-]+\s*:(\s|$))/, { token: '', next: '@pop' }],
      [/^(?=\S)/, { token: '', next: '@pop' }],
      [/.*$/, 'string'],
    ],
  },
};
