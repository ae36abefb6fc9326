// What a misconception predicts, for diagnosis.ts: each exercise's
// diagnoses.ts lists its functions' patterns with these helpers.

/** A record of arrays, as a function returning several gradients answers ({ W1, b1, … }). */
export type RecordAnswer = { readonly [field: string]: number[] | number[][] };
export type Answer = number[] | number[][] | RecordAnswer;

export interface Pattern<C> {
  /** A short, stable name for the misconception, for gradebooks ('missing-centring', after the function's name). */
  readonly code: string;
  /** What the student is told. */
  readonly says: string;
  /** The answer this misconception gives on case c, knowing the right one; undefined where it does not apply. */
  readonly predict: (c: C, right: Answer) => Answer | undefined;
}

export const transpose = (a: number[][]) => (a.length === 0 ? [] : a[0].map((_, j) => a.map((row) => row[j])));
export const scale = (a: Answer, k: number): Answer =>
  (a as number[] | number[][]).map((r) => (Array.isArray(r) ? r.map((v) => k * v) : k * r)) as Answer;
export const matrix = (a: Answer) => a as number[][];
