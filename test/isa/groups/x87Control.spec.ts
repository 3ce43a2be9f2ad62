/**
 * Focused host comparisons for the x87 control instructions (x87Control.ts) and for what every x87
 * instruction does around its work: FNINIT FNCLEX FLDCW FNSTCW FNSTSW, FNSTENV/FLDENV and
 * FNSAVE/FRSTOR in both operand sizes (the last instruction and data pointers, the full tag word),
 * FFREE FFREEP FINCSTP FDECSTP FNOP, the ignored FNENI FNDISI FNSETPM, and unmasked exceptions:
 * ES and B, and the SIGFPE (#MF) at the next waiting instruction with Linux's si_code.
 */
import { it } from 'vitest';
import { assemble, describeWithHost, expectCasesSameAsHost, type IsaCase, SCRATCH_ADDRESS } from '../harness.js';
import { le, SPECIALS, stackCases, x87, x87Case } from './x87Values.js';

const ENVIRONMENT = [0x7f, 0x03, 0xff, 0xff, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

describeWithHost('x87 control instructions against the host', () => {
  it('should load, store and sanitize the control and status words', () => {
    const words = [0x037f, 0x0000, 0xffff, 0x1f7f, 0x0c3f, 0x0080, 0x037b, 0x027e];
    const cases: IsaCase[] = [];
    for (const word of words) {
      for (const status of [0, 0x0004, 0x4705]) {
        const x = { status, stack: [1] };
        cases.push(x87Case(assemble('fldcw [rbx]; fnstcw [rbx+4]; fnstsw ax; fnstsw [rbx+8]'), x, { memory: { 0: le(BigInt(word), 2) } }));
        cases.push(x87Case(assemble('fldcw [rbx]; fnop'), x, { memory: { 0: le(BigInt(word), 2) } }));
      }
    }
    expectCasesSameAsHost(cases);
  });

  it('should initialize and clear exceptions without waiting', () => {
    const forms = ['fninit', 'fnclex', 'fnclex; fnop', 'fninit; fnop', 'fnstsw ax; fnclex; fnstsw [rbx]', 'fwait', 'fnop', 'fneni; fndisi; fnsetpm'];
    const states = [{ stack: [1, 2] }, { control: 0x037b, status: 0x4704, stack: [1] }, { control: 0x0340, status: 0x0061, stack: [1, 2, 3] }];
    const cases = forms.flatMap((text) => states.map((x) => x87Case(assemble(text), x)));
    expectCasesSameAsHost(cases);
  });

  it('should fault at the next waiting instruction with the si_code of the first unmasked exception', () => {
    const raise = [
      ['fld1; fldz; fdivp', 0x037b],
      ['fldz; fldz; fdivp', 0x037e],
      ['fld tbyte ptr [rbx]; fld st(0); fmulp', 0x0377],
      ['fld tbyte ptr [rbx+16]; fld st(0); fmulp', 0x036f],
      ['fld1; fld tbyte ptr [rbx+32]; faddp', 0x037d],
      ['fldpi; fld1; fdivp', 0x035f],
      ['fld1; fld1; fld1; fld1; fld1; fld1; fld1; fld1; fld1', 0x037e],
      ['fldz; fldz; fdivp', 0x0340],
    ] as const;
    const next = ['fnop', 'fwait', 'fnstsw ax', 'fnstenv [rbx+64]; fnop', 'fnclex; fnop', 'fninit; fwait', 'fldcw [rbx+48]', 'fnsave [rbx+64]; fwait', 'fxch', 'fldenv [rbx+64]', 'frstor [rbx+64]', 'fld1', 'fstp qword ptr [rbx+8]'];
    const memory = { 0: le(x87(0x7ffe, 1n << 63n), 10), 16: le(x87(0x0001, 1n << 63n), 10), 32: le(x87(0, 5n), 10), 48: [0x7f, 0x03] };
    const cases = raise.flatMap(([text, control]) => next.map((after) => x87Case(assemble(`${text}; ${after}`), { control }, { memory })));
    expectCasesSameAsHost(cases);
  });

  it('should fault at once on a pending exception loaded with the state', () => {
    const forms = ['fnop', 'fwait', 'fnstcw [rbx]', 'fldcw [rbx]; fnop', 'fninit', 'fld1', 'fcomi st, st(1)', 'fistp word ptr [rbx]'];
    const states = [
      { control: 0x037b, status: 0x0004, stack: [1, 2] },
      { control: 0x0360, status: 0x0030, stack: [1, 2] },
      { control: 0x0340, status: 0x0041, stack: [1, 2] },
      { control: 0x037f, status: 0x00ff, stack: [1, 2] },
    ];
    expectCasesSameAsHost(forms.flatMap((text) => states.map((x) => x87Case(assemble(text), x, { memory: { 0: [0x7f, 0x03] } }))));
  });

  it('should store and load the environment in both operand sizes', () => {
    const forms = [
      'fld qword ptr [rbx+64]; fnstenv [rbx]',
      'fld qword ptr [rsp]; fnstenv [rbx]',
      'fld qword ptr [rbp+rbx]; fnstenv [rbx]',
      'fld1; fnstenv [rbx]',
      'fld qword ptr [rbx+64]; data16 fnstenv [rbx]',
      'fldenv [rbx+32]; fnstenv [rbx]',
      'data16 fldenv [rbx+32]; fnstenv [rbx]',
      'fldenv [rbx+32]; fld1; fnstenv [rbx]',
      'fld qword ptr [eax]; fnstenv [rbx]',
      'fld qword ptr [rip+0x100]; fnstenv [rbx]',
      'fstp st(0); ffree st(2); fnstenv [rbx]',
    ];
    const stacks = [[1, 2, 3], [0, x87(0x7fff, 1n << 63n), x87(0, 1n), x87(0x3fff, 5n), null, 7]];
    expectCasesSameAsHost(forms.flatMap((text) => stacks.map((stack) => x87Case(assemble(text), { stack }, { rax: SCRATCH_ADDRESS, rbp: 0x100, memory: { 32: ENVIRONMENT } }))));
  });

  it('should save and restore the whole state in both operand sizes', () => {
    const forms = [
      'fnsave [rbx]',
      'data16 fnsave [rbx]',
      'fnsave [rbx]; frstor [rbx]; fnstenv [rbx+128]',
      'data16 fnsave [rbx]; data16 frstor [rbx]; fnop',
      'fld1; fnsave [rbx]; fld1; frstor [rbx]; fnsave [rbx+128]',
      'fnsave [rbx]; fld1; fld1; faddp; frstor [rbx]',
    ];
    const states = [{ stack: [1, 2, 3] }, { stack: SPECIALS.slice(0, 8) }, { control: 0x0b7b, status: 0x4704, stack: [1, null, 3] }, { stack: [], stale: [1, 2, 3, 4, 5, 6, 7, 8] }];
    expectCasesSameAsHost(forms.flatMap((text) => states.map((x) => x87Case(assemble(text), x))));
  });

  it('should fault on an environment it cannot store or load, naming its first or else its last byte, changing nothing', () => {
    const forms = [
      'fnstenv [rbx+0xff0]', 'fnsave [rbx+0xfa0]', 'fldenv [rbx+0xff0]', 'frstor [rbx+0xfd0]', 'data16 fnstenv [rbx+0xff8]',
      'fnstenv [rbx+0x1000]', 'fnsave [rbx+0x1000]', 'fldenv [rbx+0x1004]', 'frstor [rbx+0x1000]',
      'fnstcw [rbx+0xfff]', 'fnstsw [rbx+0x1000]', 'fldcw [rbx+0xfff]',
    ];
    const cases = ['ro', 'none'].flatMap((secondPage) => stackCases(forms, [[1, 2]], [0x037f], { secondPage: secondPage as 'ro' | 'none' }));
    expectCasesSameAsHost(cases);
  });

  it('should fault on a pending exception before looking at a memory operand', () => {
    const forms = ['fld qword ptr [rbx+0x1000]', 'fstp qword ptr [rbx+0x1000]', 'fldcw [rbx+0x1000]', 'frstor [rbx+0x1000]', 'fnstenv [rbx+0x1000]', 'fnstcw [rbx+0x1000]'];
    expectCasesSameAsHost(forms.map((text) => x87Case(assemble(text), { control: 0x037b, status: 0x0004, stack: [1] }, { secondPage: 'none' })));
  });

  it('should free registers and move TOP', () => {
    const forms = ['ffree st(0)', 'ffree st(3)', 'ffreep st(1)', 'fincstp', 'fdecstp', 'fincstp; fincstp; fld1', 'fdecstp; fxam', 'ffree st(0); fxam'];
    expectCasesSameAsHost(stackCases(forms, [[1, 2, 3], [], [1, 2, 3, 4, 5, 6, 7, 8]], [0x037f]));
  });
});
