/**
 * Focused host comparisons for the x87 data transfers (x87Transfer.ts): FLD/FST/FSTP of m32, m64
 * and m80 (special values both ways, every rounding and precision control, unmasked overflow and
 * underflow storing nothing), FILD/FIST/FISTP/FISTTP of every width (out of range and NaN give
 * the integer indefinite), FBLD/FBSTP, the constants under every rounding control, FXCH, FCMOVcc,
 * stack overflow and underflow, and stores that fault (nothing stored, nothing popped).
 */
import { it } from 'vitest';
import { assemble, describeWithHost, expectCasesSameAsHost, type IsaCase } from '../harness.js';
import { DOUBLES, SINGLES } from './sseValues.js';
import { INTEGRAL_EDGES, le, MASKED_CONTROLS, randomValues, SPECIALS, stackCases, x87, x87Case } from './x87Values.js';

const INTEGER = 1n << 63n;

function memoryCases(text: string, operands: readonly number[][], stacks: ReadonlyArray<ReadonlyArray<bigint | number | null>>, controls: readonly number[]): IsaCase[] {
  const code = assemble(text);
  return controls.flatMap((control) => stacks.flatMap((stack) => operands.map((bytes) => x87Case(code, { control, stack }, { memory: { 0: bytes } }))));
}

describeWithHost('x87 data transfers against the host', () => {
  it('should load m32fp, m64fp and m80fp values of every kind', () => {
    const extended = [...SPECIALS, ...randomValues(10, 0x87d1)].map((v) => le(v, 10));
    expectCasesSameAsHost([
      ...memoryCases('fld dword ptr [rbx]', SINGLES.map((v) => le(BigInt(v), 4)), [[], [1]], [0x037f, 0x037e, 0x037d]),
      ...memoryCases('fld qword ptr [rbx]', DOUBLES.map((v) => le(v, 8)), [[], [1]], [0x037f, 0x037e, 0x037d]),
      ...memoryCases('fld tbyte ptr [rbx]', extended, [[], [1]], [0x037f, 0x0340]),
    ]);
  });

  it('should store every kind of value to m32fp, m64fp and m80fp under every control', () => {
    const forms = ['fst dword ptr [rbx]', 'fstp qword ptr [rbx]', 'fstp tbyte ptr [rbx]', 'fstp dword ptr [rbx]', 'fst qword ptr [rbx]'];
    const stacks = [...SPECIALS, ...randomValues(20, 0x87d2), x87(0x3f80, 0xffffff8000000000n), x87(0x3c00, 0xfffffffffffff800n)].map((v) => [v, 2]);
    expectCasesSameAsHost(stackCases(forms, stacks, [...MASKED_CONTROLS, 0x0377, 0x036f, 0x035f, 0x037e]));
  });

  it('should load integers of every width and store them with every rounding, FISTTP truncating', () => {
    const loads = [
      ...memoryCases('fild word ptr [rbx]', [0, 1, -1, 0x7fff, -0x8000, 1234].map((v) => le(BigInt(v), 2)), [[], [1]], [0x037f]),
      ...memoryCases('fild dword ptr [rbx]', [0, 1, -1, 0x7fffffff, -0x80000000, 99999].map((v) => le(BigInt(v), 4)), [[], [1]], [0x037f, 0x007f]),
      ...memoryCases('fild qword ptr [rbx]', [0n, 1n, -1n, (1n << 63n) - 1n, -(1n << 63n), 0x1234567890abcdefn].map((v) => le(v, 8)), [[], [1]], [0x037f, 0x007f]),
    ];
    const stores = ['fist word ptr [rbx]', 'fistp word ptr [rbx]', 'fist dword ptr [rbx]', 'fistp dword ptr [rbx]', 'fistp qword ptr [rbx]', 'fisttp word ptr [rbx]', 'fisttp dword ptr [rbx]', 'fisttp qword ptr [rbx]'];
    const values = [...INTEGRAL_EDGES, ...SPECIALS].map((v) => [v]);
    expectCasesSameAsHost([...loads, ...stackCases(stores, values, [0x037f, 0x077f, 0x0b7f, 0x0f7f, 0x037e, 0x035f])]);
  });

  it('should load and store packed BCD', () => {
    const bcd = [0n, 1n, 0x99999999999999999n, 0x800000000000000000012345n, 0x80000000000000000000n, 0x123456789012345678n, 0xabn, 0xffffffffffffffffffn].map((v) => le(v, 10));
    const values = [...INTEGRAL_EDGES, ...SPECIALS, -0.0, -0.25].map((v) => [v]);
    expectCasesSameAsHost([
      ...memoryCases('fbld tbyte ptr [rbx]', bcd, [[], [1]], [0x037f]),
      ...stackCases(['fbstp tbyte ptr [rbx]'], values, [0x037f, 0x077f, 0x0b7f, 0x037e]),
    ]);
  });

  it('should load the constants rounded with every rounding control', () => {
    const forms = ['fld1', 'fldz', 'fldpi', 'fldl2e', 'fldl2t', 'fldlg2', 'fldln2'];
    expectCasesSameAsHost(stackCases(forms, [[], [1, 2]], [...MASKED_CONTROLS, 0x0b40]));
  });

  it('should overflow the stack on a push and underflow on an empty source', () => {
    const full = [1, 2, 3, 4, 5, 6, 7, 8];
    const forms = ['fld1', 'fld st(3)', 'fld qword ptr [rbx]', 'fild dword ptr [rbx]', 'fld tbyte ptr [rbx]', 'fldpi', 'fst st(3)', 'fstp st(1)', 'fstp st(0)', 'fst qword ptr [rbx]', 'fistp word ptr [rbx]', 'fstp tbyte ptr [rbx]'];
    const stacks = [full, [null, 2], [], [1, null, null, null, null, null, null, 8], [1, 2, 3, null]];
    expectCasesSameAsHost(stackCases(forms, stacks, [0x037f, 0x037e], { memory: { 0: le(0x3ff8000000000000n, 8) } }));
  });

  it('should exchange and conditionally move registers, empty ones included', () => {
    const forms = ['fxch st(1)', 'fxch st(3)', 'fxch st(0)', 'fcmovb st, st(1)', 'fcmove st, st(2)', 'fcmovbe st, st(1)', 'fcmovu st, st(1)', 'fcmovnb st, st(1)', 'fcmovne st, st(2)', 'fcmovnbe st, st(1)', 'fcmovnu st, st(1)'];
    const stacks = [[1, 2, 3, 4], [1, null, 3], [null, 2, 3, 4], [x87(0x7fff, INTEGER | 1n), 2, 3]];
    const cases = [0x202, 0x203, 0x242, 0x206, 0x2c7].flatMap((rflags) => stackCases(forms, stacks, [0x037f, 0x037e], { rflags }));
    expectCasesSameAsHost(cases);
  });

  it('should leave everything as it was when a store or load faults', () => {
    const forms = ['fstp qword ptr [rbx+0xffc]', 'fst dword ptr [rbx+0xffe]', 'fstp tbyte ptr [rbx+0xff8]', 'fistp qword ptr [rbx+0xffd]', 'fbstp tbyte ptr [rbx+0xff7]', 'fisttp word ptr [rbx+0xfff]', 'fld tbyte ptr [rbx+0xff8]', 'fild qword ptr [rbx+0x1000]'];
    const stacks = [[1.5, 2], [], [x87(0x7fff, INTEGER | 1n)]];
    expectCasesSameAsHost(['ro', 'none'].flatMap((secondPage) => stackCases(forms, stacks, [0x037f, 0x037e], { secondPage: secondPage as 'ro' | 'none' })));
  });

  it('should keep every bit of long double values through memory', () => {
    const sequences = ['fld tbyte ptr [rbx]; fld st(0); fstp tbyte ptr [rbx+16]; fstp tbyte ptr [rbx+32]', 'fld tbyte ptr [rbx]; fchs; fabs; fstp tbyte ptr [rbx+16]'];
    const values = [...SPECIALS, ...randomValues(10, 0x87d3)].map((v) => le(v, 10));
    expectCasesSameAsHost(sequences.flatMap((text) => memoryCases(text, values, [[]], [0x037f, 0x007f])));
  });
});


