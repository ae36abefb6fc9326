// A submission folder behind the boundary: staged, with its student process
// started at once (it boots while the judge loads its laws). Apart from the
// laws, this is all a host needs: engine.ts grades what it returns.

import type { Layer, SandboxMode } from './layers.js';
import { DEFAULT_LIMITS, type Limits } from './limits';
import { StudentProcess } from './process';
import { stage } from './stage';
import type { Student } from './wire';

export { DEFAULT_LIMITS };

/** A submission folder, staged and behind the sandbox, ready to be graded. */
export interface Submission {
  readonly dir: string;
  readonly student: Student;
  /** The sandbox layers in force. */
  readonly layers: readonly Layer[];
  /** What the student's code printed (its last 64 KB). */
  printed(): string;
  /** Ends the student process and removes the stage. */
  close(): void;
}

/** Stages the folder and starts its student process at once, so it boots while the caller gets ready. */
export function openSubmission(dir: string, sandbox: SandboxMode, limits: Limits = DEFAULT_LIMITS): Submission {
  const staged = stage(dir);
  let student: StudentProcess;
  try {
    student = new StudentProcess(staged, sandbox, limits);
  } catch (e) {
    staged.remove();
    throw e;
  }
  return {
    dir,
    student,
    layers: student.launch.layers,
    printed: () => student.printed(),
    close() {
      student.close();
      staged.remove();
    },
  };
}
