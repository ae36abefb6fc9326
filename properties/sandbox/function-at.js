// @ts-check
// Which top-level function of a parsed kata file holds a place in its text:
// how a compile error is blamed on the function it sits in. Used on both
// sides of the boundary, on a tree the caller's own compiler parsed: by the
// sandboxed type checker (copied beside it) and by the stage.

'use strict';

/**
 * The top-level statement that declares a function holding position `at` (a function declaration with a body,
 * or a const bound to an arrow or function expression), with its name; undefined when `at` is outside every one.
 * @param {typeof import('typescript')} ts @param {import('typescript').SourceFile} source @param {number} at
 * @returns {{ name: string, statement: import('typescript').Statement } | undefined}
 */
function functionAt(ts, source, at) {
  // The statements lie in order: the first that ends after `at`, by halving (a file may hold 100,000 of them).
  const all = source.statements;
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid].end <= at) lo = mid + 1;
    else hi = mid;
  }
  for (const statement of all.slice(lo, lo + 1)) {
    if (at < statement.getStart(source) || at >= statement.end) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body)
      return { name: statement.name.text, statement };
    if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
      const [d] = statement.declarationList.declarations;
      const bound = d.initializer;
      if (bound && ts.isIdentifier(d.name) && (ts.isArrowFunction(bound) || ts.isFunctionExpression(bound)))
        return { name: d.name.text, statement };
    }
    return undefined;
  }
  return undefined;
}

module.exports = { functionAt };
