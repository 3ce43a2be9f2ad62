const N = 1 << 31;
const Z = 1 << 30;
const C = 1 << 29;
const V = 1 << 28;

/** The test cond<3:1> selects, before cond<0> inverts it. */
function baseCondition(test: number, nzcv: number): boolean {
  const n = (nzcv & N) !== 0;
  const z = (nzcv & Z) !== 0;
  const c = (nzcv & C) !== 0;
  const v = (nzcv & V) !== 0;
  switch (test) {
    case 0b000: return z; // EQ
    case 0b001: return c; // CS
    case 0b010: return n; // MI
    case 0b011: return v; // VS
    case 0b100: return c && !z; // HI
    case 0b101: return n === v; // GE
    case 0b110: return n === v && !z; // GT
    default: return true; // AL
  }
}

/** ConditionHolds() of the Arm ARM: cond<0> inverts the test, except that 1111 (NV) is "always" like 1110 (AL). */
export function conditionHolds(cond: number, nzcv: number): boolean {
  const result = baseCondition(cond >>> 1, nzcv);
  return (cond & 1) === 1 && cond !== 0b1111 ? !result : result;
}
