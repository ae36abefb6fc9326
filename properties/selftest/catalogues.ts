// Every exercise's self-test catalogue in one list, for the bench and the
// self-tests: the first two exercises' older catalogues (correct.ts and
// wrong.ts, written as one table of both) and then each exercise's own
// catalogue.ts. Load it after KATA_EXERCISES is set: it reads the registry.

import fs from 'node:fs';
import path from 'node:path';
import type { Catalogue } from '../exercises/module';
import { ALL_EXERCISES } from '../exercises/select';
import { ROOT } from '../layout';
import { CORRECT } from './correct';
import { GENERIC_WRONG, reference, WRONG } from './wrong';

export interface CatalogueEntry {
  /** The exercises it covers, by name. */
  readonly exercises: readonly string[];
  readonly catalogue: Catalogue;
}

const fileOf = (name: string) => path.join(ROOT, 'properties/exercises', name, 'catalogue.ts');

/** The exercises whose catalogue is correct.ts and wrong.ts: those with no catalogue.ts. */
export const OLDER = ALL_EXERCISES.filter((e) => !fs.existsSync(fileOf(e.name))).map((e) => e.name);

export const CATALOGUES: readonly CatalogueEntry[] = [
  { exercises: OLDER, catalogue: { right: reference, correct: CORRECT, wrong: [...WRONG, ...GENERIC_WRONG] } },
  ...ALL_EXERCISES.filter((e) => !OLDER.includes(e.name)).map((e) => ({
    exercises: [e.name],
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by the name the registry gives
    catalogue: (require(fileOf(e.name)) as { catalogue: Catalogue }).catalogue,
  })),
];
