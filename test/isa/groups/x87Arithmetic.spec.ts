/**
 * Focused host comparisons for the x87 arithmetic (x87Arithmetic.ts): every pair of special
 * values (zeros, denormals, pseudo-denormals, unnormals, infinities, NaNs, the indefinite...)
 * through the six operations, random values under every rounding and precision control, every
 * register and memory form (m32fp, m64fp, m16int, m32int, the P and reversed forms), empty
 * registers, unmasked exceptions (including the bias-adjusted overflow and underflow results), and
 * the one-operand instructions.
 */
import { it } from 'vitest';
import { assemble, describeWithHost, expectCasesSameAsHost, type IsaCase } from '../harness.js';
import { Random } from '../support/random.js';
import { DOUBLES, SINGLES } from './sseValues.js';
import { ALL_CONTROLS, le, MASKED_CONTROLS, randomValues, SPECIALS, stackCases, UNMASKED_CONTROLS, x87, x87Case } from './x87Values.js';

const INTEGER_ONE = 1n << 63n;
const OPERATIONS = ['fadd', 'fsub', 'fsubr', 'fmul', 'fdiv', 'fdivr'] as const;
const ONE_OPERAND = ['fchs', 'fabs', 'fsqrt', 'frndint', 'fxtract', 'fscale', 'fprem', 'fprem1'];

/** ST(0) = a, ST(1) = b, through each operation's ST(0), ST(1) form. */
function pairCases(pairs: ReadonlyArray<readonly [bigint, bigint]>, controls: readonly number[]): IsaCase[] {
  return OPERATIONS.flatMap((op) => {
    const code = assemble(`${op} st, st(1)`);
    return controls.flatMap((control) => pairs.map(([a, b]) => x87Case(code, { control, stack: [a, b] })));
  });
}

function allPairs(values: readonly bigint[]): Array<[bigint, bigint]> {
  return values.flatMap((a) => values.map((b): [bigint, bigint] => [a, b]));
}

function randomPairs(count: number, seed: number): Array<[bigint, bigint]> {
  const random = new Random(seed);
  const values = [...randomValues(count, seed), ...SPECIALS];
  return Array.from({ length: count }, () => [random.pick(values), random.pick(values)] as [bigint, bigint]);
}

/** Pairs whose results overflow or underflow, to exercise the masked and the bias-adjusted results. */
const EXTREMES: Array<[bigint, bigint]> = [
  [x87(0x7ffe, 0xc000000000000000n), x87(0x7ffe, 0x8000000000000001n)],
  [x87(0x7ffe, 0xffffffffffffffffn), x87(0x3fff, 0xffffffffffffffffn)],
  [x87(0x0001, 0x8000000000000000n), x87(0x3ffe, 0x8000000000000000n)],
  [x87(0x0001, 0x8000000000000001n), x87(0x3ffe, 0x8000000000000000n)],
  [x87(0x0003, 0xc000000000000001n), x87(0x8002, 0xc000000000000000n)],
  [x87(0x0000, 0x0000000000000003n), x87(0x4001, 0x8000000000000000n)],
  [x87(0x0000, 0x4000000000000000n), x87(0x3fff, 0x8000000000000000n)],
  [x87(0x2000, 0x8000000000000000n), x87(0x2001, 0x9000000000000000n)],
  [x87(0x6000, 0x8000000000000000n), x87(0x6001, 0x9000000000000000n)],
  [x87(0x0010, 0x8000000000000000n), x87(0x7ff0, 0x8000000000000000n)],
  [x87(0x7ff0, 0x8000000000000000n), x87(0x0010, 0x8000000000000000n)],
  [x87(0x0000, 0x0000000000000001n), x87(0x7ffe, 0x8000000000000000n)],
];

describeWithHost('x87 arithmetic against the host', () => {
  it('should combine every pair of special values in every operation', () => {
    expectCasesSameAsHost(pairCases(allPairs(SPECIALS), [0x037f]));
  });

  it('should round random values under every rounding and precision control', () => {
    expectCasesSameAsHost(pairCases(randomPairs(150, 0x87a1), MASKED_CONTROLS));
  });

  it('should overflow and underflow as the masked and unmasked responses define', () => {
    const pairs = EXTREMES.flatMap(([a, b]) => [[a, b], [b, a]] as Array<[bigint, bigint]>);
    expectCasesSameAsHost(pairCases(pairs, [...ALL_CONTROLS, 0x0f6f, 0x0767, 0x0067, 0x0277]));
  });

  it('should raise unmasked exceptions without writing the destination', () => {
    expectCasesSameAsHost(pairCases(randomPairs(60, 0x87a2), UNMASKED_CONTROLS));
  });

  it('should run every register form, popping in the P forms', () => {
    const forms = OPERATIONS.flatMap((op) => [`${op} st, st(2)`, `${op} st(2), st`, `${op}p st(2), st`, `${op}p`]);
    const random = new Random(0x87a3);
    const stacks = Array.from({ length: 12 }, () => [random.pick(SPECIALS), 1.5, random.pick(SPECIALS), -3]);
    expectCasesSameAsHost(stackCases(forms, stacks, [0x037f, 0x0b7f, 0x0340]));
  });

  it('should take m32fp, m64fp, m16int and m32int operands', () => {
    const cases: IsaCase[] = [];
    const stacks = [[1.25], [-0.0], [x87(0x7fff, 0xc000000000000001n)], [x87(0x0000, 0x4000000000000000n)], [x87(0x4040, 0x8000000000000001n)]];
    for (const op of OPERATIONS) {
      const forms: Array<[string, number[][]]> = [
        [`${op} dword ptr [rbx]`, SINGLES.map((v) => le(BigInt(v), 4))],
        [`${op} qword ptr [rbx]`, DOUBLES.map((v) => le(v, 8))],
        [`fi${op.slice(1)} word ptr [rbx]`, [0, 1, -1, 0x7fff, -0x8000, 3, 1000].map((v) => le(BigInt(v), 2))],
        [`fi${op.slice(1)} dword ptr [rbx]`, [0, 1, -1, 0x7fffffff, -0x80000000, 12345678, -7].map((v) => le(BigInt(v), 4))],
      ];
      for (const [text, operands] of forms) {
        const code = assemble(text);
        for (const control of [0x037f, 0x0f7f, 0x007f, 0x0340]) {
          for (const stack of stacks) for (const bytes of operands) cases.push(x87Case(code, { control, stack }, { memory: { 0: bytes } }));
        }
      }
    }
    expectCasesSameAsHost(cases);
  });

  it('should report an empty operand as a stack underflow', () => {
    const forms = OPERATIONS.flatMap((op) => [`${op} st, st(1)`, `${op} st(1), st`, `${op}p st(1), st`, `${op} qword ptr [rbx]`, `fi${op.slice(1)} word ptr [rbx]`]);
    const stacks = [[], [2.5], [null, 2.5], [null, null, 7]];
    expectCasesSameAsHost(stackCases(forms, stacks, [0x037f, 0x037e, 0x0340]));
  });

  it('should fault on memory operands it cannot read, changing nothing', () => {
    const forms = ['fadd qword ptr [rbx+0xffc]', 'fmul dword ptr [rbx+0xffe]', 'fiadd word ptr [rbx+0xfff]', 'fdivr qword ptr [rbx+0x1000]'];
    expectCasesSameAsHost(stackCases(forms, [[1, 2]], [0x037f], { secondPage: 'none' }));
  });

  it('should compute the one-operand instructions on special and random values', () => {
    const values = [...SPECIALS, ...randomValues(40, 0x87a4)];
    const random = new Random(0x87a5);
    const stacks = values.map((v) => [v, random.pick([1, -1, 0.5, 3, 100, -70000, 2.75, 1e10, ...SPECIALS])]);
    expectCasesSameAsHost(stackCases(ONE_OPERAND, stacks, [0x037f, 0x077f, 0x0b7f, 0x0f7f, 0x007f, 0x027f]));
  });

  it('should handle empty registers and unmasked exceptions in the one-operand instructions', () => {
    const stacks = [[], [null, 2], [3, null], [-4, 2], [x87(0, 1n), 1], [x87(0x7fff, INTEGER_ONE | 1n), 1], [1e300, 1e30], [0, 5], [x87(0x4100, INTEGER_ONE), 0.5]];
    expectCasesSameAsHost(stackCases(ONE_OPERAND, stacks, ALL_CONTROLS));
  });

  it('should scale by large and fractional exponents, and compute partial remainders of far-apart operands', () => {
    const stacks: Array<Array<bigint | number>> = [
      [1, 16383], [1, 16384], [1, -16382], [1, -16445], [1, -16446], [3, 1e6], [3, -1e6], [1.5, 2.9], [1.5, -2.9], [x87(0, 5n), 100],
      [x87(0x4010, INTEGER_ONE), -32768], [x87(0x7ff0, INTEGER_ONE), 1], [1e300, 3], [x87(0x7ffe, INTEGER_ONE), 0.1], [-7, x87(0x3f00, INTEGER_ONE)],
    ];
    expectCasesSameAsHost(stackCases(['fscale', 'fprem', 'fprem1', 'fprem; fprem; fprem', 'fxch; fscale'], stacks, [0x037f, 0x0b7f, 0x0f7f, 0x0367, 0x0340]));
  });
});
