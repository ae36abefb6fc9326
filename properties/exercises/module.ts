// The grading side of an exercise, beside its exercise.json: what each
// function's laws are, what it receives for a case and its right answer
// there, and what common misconceptions make it return. Each exercise's
// index.ts exports one of these as its default.

import type { AnyLaw } from '../law';
import type { Answer, Pattern } from '../patterns';

/**
 * What a gradient function returns, as a derivative of a forward function of its exercise: with respect to which
 * of that function's inputs (fields of the case), and whether it returns Jᵀ·dLdy for the case's dLdy ('vjp'), the
 * Jacobian itself, or the gradient of a scalar loss. The head-to-head (bench/h2h-problems.ts) reads it.
 */
export interface Derivative {
  readonly forward: string;
  readonly wrt: readonly string[];
  readonly returns: 'vjp' | 'jacobian' | 'gradient';
}

export interface ExerciseModule {
  /** Each function's laws, in the order a student meets them. */
  readonly laws: Readonly<Record<string, readonly AnyLaw[]>>;
  /** What each function receives for a case of its laws, and its right answer there. */
  readonly answers: Readonly<Record<string, { args: (c: never) => unknown[]; expected: (c: never) => Answer }>>;
  /** Each gradient function (every function that is not a forward map) as a derivative. */
  readonly derivatives: Readonly<Record<string, Derivative>>;
  /** What common misconceptions make each function return, for the diagnosis. */
  readonly diagnoses: Readonly<Record<string, readonly Pattern<never>[]>>;
  /** A case of size n for the bench's cost of one check (n×n for a matrix), drawn from seed n. */
  readonly caseOfSize: (n: number) => unknown;
  /**
   * Cases where the misconceptions part ways (no dimension 1, distinct entries; a square matrix beside a
   * non-square one): a diagnosis is named only if it holds there too, not just on a shrunk, degenerate
   * counterexample.
   */
  readonly genericCases: () => readonly unknown[];
  /** Whether these arguments may make a correct computation overflow (NaN there names no misconception). */
  readonly mayOverflow?: (fn: string, args: readonly unknown[]) => boolean;
}

/** A right answer written one way: every function of the exercise. */
export interface Correct {
  readonly name: string;
  readonly kata: Readonly<Record<string, unknown>>;
}

/** A wrong answer for one function, from a real misconception, and the law that catches it. */
export interface Wrong {
  readonly name: string;
  readonly fn: string;
  readonly caughtBy: string;
  /** The diagnosis it gets (its code after the function's name), if one; none is given otherwise. */
  readonly diagnosis?: string;
  /** Right wherever exp does not overflow: it loses its stability points alone. */
  readonly onlyStability?: boolean;
  readonly impl: unknown;
}

/** A wrong answer with the diagnosis it gets. */
export const diagnosed = (w: Wrong, diagnosis: string): Wrong => ({ ...w, diagnosis });

/** The self-tests' catalogue of an exercise: the right answers, others written differently, and wrong ones. */
export interface Catalogue {
  readonly right: Readonly<Record<string, unknown>>;
  readonly correct: readonly Correct[];
  readonly wrong: readonly Wrong[];
}
