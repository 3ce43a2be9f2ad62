/**
 * Focused host comparisons for the x87 comparisons (x87Compare.ts): every pair of special values
 * through FCOM/FUCOM (C3 C2 C0) and FCOMI/FUCOMI (ZF PF CF, OF SF AF cleared), memory and integer
 * operands, the popping forms, empty registers and unmasked exceptions, FTST and FXAM of every
 * class (empty registers included), and the branch sequences compilers emit after them.
 */
import { it } from 'vitest';
import { assemble, describeWithHost, expectCasesSameAsHost, type IsaCase } from '../harness.js';
import { DOUBLES, SINGLES } from './sseValues.js';
import { le, randomValues, SPECIALS, stackCases, x87, x87Case } from './x87Values.js';

const INFINITY = 1n << 63n;
const PAIR_FORMS = ['fcom st(1)', 'fucom st(1)', 'fcomi st, st(1)', 'fucomi st, st(1)'];

describeWithHost('x87 comparisons against the host', () => {
  it('should order every pair of special values', () => {
    const cases: IsaCase[] = [];
    for (const text of PAIR_FORMS) {
      const code = assemble(text);
      for (const a of SPECIALS) for (const b of SPECIALS) cases.push(x87Case(code, { stack: [a, b] }, { rflags: 0x8d5 }));
    }
    expectCasesSameAsHost(cases);
  });

  it('should pop in the P and PP forms and report empty registers and unmasked exceptions', () => {
    const forms = ['fcomp st(2)', 'fcompp', 'fucomp st(2)', 'fucompp', 'fcomip st, st(2)', 'fucomip st, st(2)', 'fcom st(2)', 'fcomi st, st(2)', 'ftst', 'fcomp st(1)'];
    const stacks = [[1, 2, 3], [2, 1, null], [null, 1, 1], [], [x87(0x7fff, 0xc000000000000000n), 1, 1], [x87(0x7fff, 0x8000000000000001n), 1, 1], [x87(0, 3n), 1, x87(0, 3n)], [x87(0x3fff, 0n), 1, 1]];
    expectCasesSameAsHost(stackCases(forms, stacks, [0x037f, 0x037e, 0x037d, 0x0340], { rflags: 0x8d5 }));
  });

  it('should compare with m32fp, m64fp, m16int and m32int operands', () => {
    const cases: IsaCase[] = [];
    const stacks = [[1], [-0.0], [x87(0x7fff, 0xc000000000000001n)], [x87(0x7fff, 0x8000000000000001n)], [x87(0x0000, 0x4000000000000000n)], [1e300], [-3], [x87(0x3fff, 0n)], [null]];
    const forms: Array<[string, number[][]]> = [
      ['fcom dword ptr [rbx]', SINGLES.map((v) => le(BigInt(v), 4))],
      ['fcomp qword ptr [rbx]', DOUBLES.map((v) => le(v, 8))],
      ['ficom word ptr [rbx]', [0, 1, -1, -3, 0x7fff].map((v) => le(BigInt(v), 2))],
      ['ficomp dword ptr [rbx]', [0, 1, -1, -3, 0x7fffffff].map((v) => le(BigInt(v), 4))],
    ];
    for (const [text, operands] of forms) {
      const code = assemble(text);
      for (const control of [0x037f, 0x037c]) for (const stack of stacks) for (const bytes of operands) cases.push(x87Case(code, { control, stack }, { memory: { 0: bytes } }));
    }
    expectCasesSameAsHost(cases);
  });

  it('should test and examine every class, empty registers included', () => {
    const stacks = [...SPECIALS, ...randomValues(20, 0x87c1)].map((v) => [v]);
    const empty = [{ stack: [null], stale: [x87(0x8000, 5n)] }, { stack: [null], stale: [x87(0x7fff, 0n)] }, { stack: [] }];
    const cases = stackCases(['ftst', 'fxam'], stacks, [0x037f, 0x037e, 0x037d]);
    for (const text of ['ftst', 'fxam']) for (const x of empty) cases.push(x87Case(assemble(text), x));
    expectCasesSameAsHost(cases);
  });

  it('should feed the branches compilers emit after a comparison', () => {
    const sequences = [
      'fucomip st, st(1); fstp st(0); seta al; setae cl; setp dl; sete bl',
      'fcompp; fnstsw ax; sahf; seta al; setb cl; setp dl',
      'fucom st(1); fnstsw ax; test ah, 0x45; setz al; and ah, 0x45; cmp ah, 0x40; sete cl',
      'fxam; fnstsw ax; and ah, 0x45; cmp ah, 5; sete al',
    ];
    const stacks = [[1, 2], [2, 1], [3, 3], [x87(0x7fff, 0xc000000000000000n), 1], [x87(0x7fff, INFINITY), 0], [0, -0.0]];
    expectCasesSameAsHost(stackCases(sequences, stacks, [0x037f]));
  });
});
