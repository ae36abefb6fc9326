// Every law, by function, in the order a student meets them. A function earns
// its core points when all its core laws hold, and its stability points when
// its stability law holds (points in the exercise registry).

import type { FunctionName } from '../contract';
import type { AnyLaw } from '../law';
import { EXERCISES, POINTS } from '../layout.js';
import { MODULES } from '../exercises/modules';

export interface Graded {
  readonly fn: FunctionName;
  readonly laws: readonly AnyLaw[];
  readonly points: { readonly core: number; readonly stability?: number };
}

const graded = (fn: FunctionName, laws: readonly AnyLaw[]): Graded => ({ fn, laws, points: POINTS[fn] });

export const GRADED: readonly Graded[] = EXERCISES.flatMap((e) =>
  e.functions.map((f) => graded(f.name as FunctionName, MODULES[e.name].laws[f.name])),
);
