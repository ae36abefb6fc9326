// The web page names where a student's error was thrown in their TypeScript,
// as the command line does (there Node maps the stack): the judge reads the
// compiled file's inline source map (web/src/judge/source-map.ts).

import ts from 'typescript';
import { transpile } from '../sandbox/transpile';
import { sourceMapOf, whereInSource } from '../../web/src/judge/source-map';

// Types, an interface and blank lines that the compiled JavaScript leaves out, above the throw.
const SOURCE = [
  "import type { Vector } from './softmax';", // 1
  '', // 2
  'interface Shape {', // 3
  '  rows: number;', // 4
  '  columns: number;', // 5
  '}', // 6
  '', // 7
  'export function linearGradB(dLdy: readonly number[]): number[] {', // 8
  '  const shape: Shape = { rows: dLdy.length, columns: 1 };', // 9
  "  if (shape.rows > 0) throw new Error('boom');", // 10
  '  return [...dLdy];', // 11
  '}', // 12
].join('\n');

test("a place in the compiled file is named as the line and column of the student's TypeScript", () => {
  const { js } = transpile(ts, 'linear.ts', SOURCE);
  const jsLines = js.split('\n');
  const line = jsLines.findIndex((l) => l.includes("throw new Error('boom')")) + 1;
  const column = jsLines[line - 1].indexOf('throw') + 1;
  // The compiled file moved the throw up: the mapping has something to do.
  expect(line).toBeLessThan(10);
  const map = sourceMapOf(js);
  expect(map).toBeDefined();
  expect(whereInSource(`linear.ts:${line}:${column}`, () => map)).toBe(
    `linear.ts:10:${SOURCE.split('\n')[9].indexOf('throw') + 1}`,
  );
  // Without a map, or for a place it does not know, the place is left as it was.
  expect(whereInSource(`linear.ts:${line}:${column}`, () => undefined)).toBe(`linear.ts:${line}:${column}`);
  expect(whereInSource('somewhere else', () => map)).toBe('somewhere else');
});
