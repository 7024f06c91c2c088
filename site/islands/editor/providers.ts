// Completion and hover for YAML models, from the validators' schema-driven data (computed in
// the worker). Our own providers instead of monaco-yaml: the data comes from the same schemas
// the markers use, and no yaml-language-server ships to the browser.
import type { monaco as Monaco } from './monaco.ts';
import type { ValidatorClient } from '../../workers/validator-client.ts';

type M = typeof Monaco;

function kindOf(m: M, kind: string | undefined) {
  const K = m.languages.CompletionItemKind;
  switch (kind) {
    case 'property':
    case 'field':
      return K.Property;
    case 'enum':
    case 'enumMember':
      return K.EnumMember;
    case 'value':
    case 'constant':
      return K.Value;
    case 'snippet':
      return K.Snippet;
    default:
      return K.Text;
  }
}

/** `assist` gives the worker that answers completion and hover (started on first use). */
export function registerProviders(m: M, assist: () => ValidatorClient): void {
  m.languages.registerCompletionItemProvider('yaml', {
    triggerCharacters: [' ', ':', '-'],
    async provideCompletionItems(model, position) {
      const text = model.getValue();
      const offset = model.getOffsetAt(position);
      let items;
      try {
        items = await assist().request({ type: 'complete', text, offset });
      } catch {
        return { suggestions: [] };
      }
      const word = model.getWordUntilPosition(position);
      const wordRange = new m.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      return {
        suggestions: items.map((it) => {
          let range = wordRange;
          if (it.range) {
            const a = model.getPositionAt(it.range.start);
            const b = model.getPositionAt(it.range.end);
            range = new m.Range(a.lineNumber, a.column, b.lineNumber, b.column);
          }
          return {
            label: it.label,
            kind: kindOf(m, it.kind),
            detail: it.detail,
            documentation: it.documentation ? { value: it.documentation } : undefined,
            insertText: it.insertText ?? it.label,
            range,
          };
        }),
      };
    },
  });

  m.languages.registerHoverProvider('yaml', {
    async provideHover(model, position) {
      const offset = model.getOffsetAt(position);
      let h;
      try {
        h = await assist().request({ type: 'hover', text: model.getValue(), offset });
      } catch {
        return null;
      }
      if (!h) return null;
      let range;
      if (h.range) {
        const a = model.getPositionAt(h.range.start);
        const b = model.getPositionAt(h.range.end);
        range = new m.Range(a.lineNumber, a.column, b.lineNumber, b.column);
      }
      return { contents: [{ value: h.markdown }], range };
    },
  });
}
