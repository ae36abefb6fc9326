// The editor: CodeMirror 6 with TypeScript highlighting, one document per
// kata file (switching tabs keeps each file's undo history). CodeMirror, not
// Monaco: about a tenth of the weight (Monaco ships some 2 MB gzipped and
// workers of its own), and the kata needs highlighting, not IntelliSense.

import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';

export interface Editor {
  /** The file shown. */
  readonly file: () => string;
  show(file: string): void;
  text(file: string): string;
  /** Replaces a file's text (a reset, an upload). */
  replace(file: string, text: string): void;
  /** Puts the cursor on a line of the file shown (from 1) and scrolls it into view. */
  goTo(line: number): void;
  readonly view: EditorView;
}

/** An editor in `parent` over `files`; onChange(file) after each edit. */
export function createEditor(
  parent: HTMLElement,
  files: Record<string, string>,
  onChange: (file: string) => void,
): Editor {
  let current = Object.keys(files)[0];
  const make = (file: string, doc: string) =>
    EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle),
        javascript({ typescript: true }),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange(file);
        }),
      ],
    });
  const states = new Map(Object.entries(files).map(([f, t]) => [f, make(f, t)]));
  const view = new EditorView({ state: states.get(current)!, parent });
  const keep = () => states.set(current, view.state);
  return {
    view,
    file: () => current,
    show(file) {
      if (file === current) return;
      keep();
      current = file;
      view.setState(states.get(file)!);
    },
    text: (file) => (file === current ? view.state : states.get(file)!).doc.toString(),
    replace(file, text) {
      if (file === current) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      else {
        states.set(file, make(file, text));
        onChange(file);
      }
    },
    goTo(line) {
      const at = view.state.doc.line(Math.max(1, Math.min(line, view.state.doc.lines)));
      view.dispatch({ selection: { anchor: at.from }, effects: EditorView.scrollIntoView(at.from, { y: 'center' }) });
    },
  };
}
