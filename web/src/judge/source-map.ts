// Where a student's error was thrown, in their TypeScript: the student worker's
// stack names the compiled JavaScript's line and column ('linear.ts:14:9'),
// and each compiled file carries its inline source map (sandbox/transpile.ts
// asks for one, so that Node maps the command line's stacks itself). The page
// has no such mapping, so the judge reads the map: base64 VLQ, as the source
// map format (version 3) writes it.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One segment of a generated line: its column, and the source line and column it comes from (all from 0). */
type Segment = readonly [column: number, sourceLine: number, sourceColumn: number];

/** The segments of each generated line, from a map's `mappings`. */
function decode(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const text of mappings.split(';')) {
    const line: Segment[] = [];
    let column = 0;
    for (const segment of text.split(',')) {
      if (segment === '') continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = BASE64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      if (fields.length >= 4) {
        sourceLine += fields[2];
        sourceColumn += fields[3];
        line.push([column, sourceLine, sourceColumn]);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** A compiled file's map, read from its inline sourceMappingURL, or undefined. */
export function sourceMapOf(js: string): Segment[][] | undefined {
  const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(js);
  if (!m) return undefined;
  try {
    const map = JSON.parse(atob(m[1])) as { mappings?: unknown };
    return typeof map.mappings === 'string' ? decode(map.mappings) : undefined;
  } catch {
    return undefined;
  }
}

/** 'linear.ts:14:9' in the compiled file, as the place in the TypeScript it came from; as it was where no map says. */
export function whereInSource(where: string, mapOf: (file: string) => Segment[][] | undefined): string {
  const m = /^([A-Za-z0-9_-]+\.ts):(\d+):(\d+)$/.exec(where);
  const lines = m ? mapOf(m[1]) : undefined;
  const segments = m && lines ? lines[Number(m[2]) - 1] : undefined;
  if (!m || !segments || segments.length === 0) return where;
  const column = Number(m[3]) - 1;
  const at = [...segments].reverse().find((s) => s[0] <= column) ?? segments[0];
  return `${m[1]}:${at[1] + 1}:${at[2] + 1}`;
}
