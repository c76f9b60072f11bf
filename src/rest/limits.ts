import { MAX_UNITS } from '../batch/plan.ts';

/** Most entries one REST request may name: the Batch bound (SPEC §12's 605), so the form parser's limits match what the engine takes. */
export const MAX_ENTRIES = MAX_UNITS;
