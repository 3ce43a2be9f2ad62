import { cf, of, pf, sf, zf } from './lazyFlags.js';

/**
 * Condition evaluators indexed by iced's ConditionCode (o=1 ... g=16), for Jcc, SETcc and
 * CMOVcc when the instruction that set the flags is not in the same block.
 */
export const CONDITIONS: ReadonlyArray<(F: Int32Array) => boolean> = [
  () => true,
  (F) => of(F) !== 0,
  (F) => of(F) === 0,
  (F) => cf(F) !== 0,
  (F) => cf(F) === 0,
  (F) => zf(F) !== 0,
  (F) => zf(F) === 0,
  (F) => (cf(F) | zf(F)) !== 0,
  (F) => (cf(F) | zf(F)) === 0,
  (F) => sf(F) !== 0,
  (F) => sf(F) === 0,
  (F) => pf(F) !== 0,
  (F) => pf(F) === 0,
  (F) => sf(F) !== of(F),
  (F) => sf(F) === of(F),
  (F) => zf(F) !== 0 || sf(F) !== of(F),
  (F) => zf(F) === 0 && sf(F) === of(F),
];
