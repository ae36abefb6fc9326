// The contract every implementation folder fulfils: the registry's files and
// functions. katas/ and solutions/ restate these signatures without importing
// them, so that a folder can be graded wherever it sits.

import * as layout from './layout.js';

export type Vector = readonly number[];
export type Matrix = readonly Vector[];

/** Every exercise's functions, typed as the stubs declare them (exercises/types.ts). */
export type { Kata } from './exercises/types';
import type { Kata } from './exercises/types';
export type FunctionName = keyof Kata;

/** Which file of an implementation folder exports which function, in teaching order (the exercise registry). */
export const FILES = layout.FILES as Readonly<Record<string, readonly FunctionName[]>>;

export type KataFile = string;

/** Each function's parameter names, as the kata files declare them (the exercise registry). */
export const PARAMS = layout.PARAMS as unknown as { readonly [F in FunctionName]: readonly string[] };

export function fileOf(fn: FunctionName): KataFile {
  return layout.FUNCTIONS[fn].file;
}
