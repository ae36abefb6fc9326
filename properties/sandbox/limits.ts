// How long the student's code may run: the same limits behind every
// boundary (the student process on the command line, the student worker in
// the web page).

export interface Limits {
  /** How long one call may run. */
  readonly hangMs: number;
  /** How long one function may take over all its laws. */
  readonly functionMs: number;
}

/** The per-call and per-function time limits by default. */
export const DEFAULT_LIMITS: Limits = { hangMs: 3000, functionMs: 20_000 };
