import { describe, expect, it } from 'vitest';
import { Cond, nzcvOf } from '../testing/a64Assembler.js';
import { conditionHolds } from './conditions.js';

/** The Arm ARM's condition table (C1.2.4), written out flag by flag. */
const expected: Record<keyof typeof Cond, (n: boolean, z: boolean, c: boolean, v: boolean) => boolean> = {
  EQ: (_n, z) => z,
  NE: (_n, z) => !z,
  CS: (_n, _z, c) => c,
  CC: (_n, _z, c) => !c,
  MI: (n) => n,
  PL: (n) => !n,
  VS: (_n, _z, _c, v) => v,
  VC: (_n, _z, _c, v) => !v,
  HI: (_n, z, c) => c && !z,
  LS: (_n, z, c) => !c || z,
  GE: (n, _z, _c, v) => n === v,
  LT: (n, _z, _c, v) => n !== v,
  GT: (n, z, _c, v) => !z && n === v,
  LE: (n, z, _c, v) => z || n !== v,
  AL: () => true,
  NV: () => true,
};

describe('conditionHolds', () => {
  for (const [name, cond] of Object.entries(Cond) as Array<[keyof typeof Cond, number]>) {
    it(`should evaluate ${name} for all sixteen NZCV values`, () => {
      for (let flags = 0; flags < 16; flags++) {
        const [n, z, c, v] = [8, 4, 2, 1].map((bit) => (flags & bit) !== 0) as [boolean, boolean, boolean, boolean];
        const nzcv = nzcvOf(`${n ? 'N' : ''}${z ? 'Z' : ''}${c ? 'C' : ''}${v ? 'V' : ''}`);
        expect(conditionHolds(cond, nzcv), `${name} with NZCV=${flags.toString(2).padStart(4, '0')}`).toBe(expected[name](n, z, c, v));
      }
    });
  }
});
