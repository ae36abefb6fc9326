// The contract every implementation folder fulfils: two files, eight functions.
// katas/ and solutions/ restate these signatures without importing them, so
// that a folder can be graded wherever it sits.

import * as layout from './layout.js';

export type Vector = readonly number[];
export type Matrix = readonly Vector[];

export interface LinearKata {
  linearForward(W: Matrix, b: Vector, x: Vector): number[];
  linearJacobianW(x: Vector, m: number): number[][];
  linearGradW(dLdy: Vector, x: Vector): number[][];
  linearGradB(dLdy: Vector): number[];
  linearGradX(W: Matrix, dLdy: Vector): number[];
}

export interface SoftmaxKata {
  softmax(x: Vector, beta: number): number[];
  softmaxJacobian(x: Vector, beta: number): number[][];
  softmaxGradX(x: Vector, beta: number, dLdy: Vector): number[];
}

export type Kata = LinearKata & SoftmaxKata;
export type FunctionName = keyof Kata;

/** Which file of an implementation folder exports which function, in teaching order (the exercise registry). */
export const FILES = layout.FILES as Readonly<Record<string, readonly FunctionName[]>>;

export type KataFile = string;

/** Each function's parameter names, as the kata files declare them (the exercise registry). */
export const PARAMS = layout.PARAMS as unknown as { readonly [F in FunctionName]: readonly string[] };

export function fileOf(fn: FunctionName): KataFile {
  return layout.FUNCTIONS[fn].file;
}
