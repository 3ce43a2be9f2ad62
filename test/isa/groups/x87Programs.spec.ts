/**
 * Host comparisons of whole x87 sequences as compilers and C libraries write them: the rounding
 * mode switch around FRNDINT of floorl/ceill/truncl, lrintl and the unsigned conversion gcc
 * emits, fmodl/remainderl's FPREM loops, expl and log2l, the digit loop of a printf of a long
 * double, a harmonic sum, and the fenv functions (fegetround, fesetround, feholdexcept, fesetenv,
 * feclearexcept, fetestexcept).
 */
import { it } from 'vitest';
import { assemble, describeWithHost, expectCasesSameAsHost, type IsaCase } from '../harness.js';
import { x87Bits } from '../support/x87Image.js';
import { le, randomValues, x87, x87Case } from './x87Values.js';

/** Cases of `text` with the long double `value` at [rbx] (and `other` at [rbx+16]) under each control word. */
function sequenceCases(text: string, values: ReadonlyArray<bigint | number>, controls: readonly number[], other: bigint | number = 3): IsaCase[] {
  const code = assemble(text);
  return controls.flatMap((control) =>
    values.map((value) => x87Case(code, { control }, { memory: { 0: le(x87Bits(value), 10), 16: le(x87Bits(other), 10) } })),
  );
}

const VALUES = [0.5, 1.5, 2.5, -0.5, -2.5, 1e10 + 0.25, -7.75, 0, -0.0, 123456789.987654321, 1e300, x87(0x403e, 0xc000000000000000n), ...randomValues(8, 0x87e1)];
const CONTROLS = [0x037f, 0x077f, 0x0b7f, 0x0f7f, 0x027f];

/** musl's floorl (RC down), ceill (up), truncl (toward zero): RC set around FRNDINT, the caller's word put back. */
function roundWith(rc: number): string {
  return `fld tbyte ptr [rbx]; fnstcw [rbx+32]; mov ax, [rbx+32]; and ax, 0xf3ff; or ax, ${rc << 10}; mov [rbx+34], ax; fldcw [rbx+34]; frndint; fldcw [rbx+32]; fstp tbyte ptr [rbx+48]`;
}

describeWithHost('x87 sequences against the host', () => {
  it('should round to integers with the rounding control switched around FRNDINT', () => {
    expectCasesSameAsHost([1, 2, 3].flatMap((rc) => sequenceCases(roundWith(rc), VALUES, [0x037f, 0x007f])));
  });

  it('should convert long doubles to integers as lrintl, llrintl and the unsigned conversion do', () => {
    const lrint = 'fld tbyte ptr [rbx]; fistp qword ptr [rbx+32]; mov rax, [rbx+32]';
    const unsigned = [
      'fld tbyte ptr [rbx]; mov dword ptr [rbx+40], 0x5f000000; fld dword ptr [rbx+40]; fucomi st, st(1)',
      'ja 1f; fsubp st(1), st; fisttp qword ptr [rbx+32]; mov rax, [rbx+32]; btc rax, 63; jmp 2f',
      '1: fstp st(0); fisttp qword ptr [rbx+32]; mov rax, [rbx+32]; 2: nop',
    ].join('; ');
    const values = [...VALUES, x87(0x403e, 0x8000000000000001n), x87(0x403d, 0xfffffffffffffffen), 1.8446744073709552e19];
    expectCasesSameAsHost([...sequenceCases(lrint, values, CONTROLS), ...sequenceCases(unsigned, values, [0x037f])]);
  });

  it('should take remainders with FPREM and FPREM1 loops', () => {
    const loop = (instruction: string) =>
      `fld tbyte ptr [rbx+16]; fld tbyte ptr [rbx]; 1: ${instruction}; fnstsw ax; test ah, 4; jnz 1b; fstp st(1); fstp tbyte ptr [rbx+48]`;
    const cases = [1e300, 3, 0.1, 1e-300, -7].flatMap((divisor) => [...sequenceCases(loop('fprem'), VALUES, [0x037f], divisor), ...sequenceCases(loop('fprem1'), VALUES, [0x037f], divisor)]);
    expectCasesSameAsHost(cases);
  });

  it('should compute exponentials and logarithms by the identities libm uses', () => {
    const exp2 = 'fld tbyte ptr [rbx]; fld st(0); frndint; fsubr st(1), st; fxch; f2xm1; fld1; faddp; fscale; fstp st(1); fstp tbyte ptr [rbx+48]';
    const log2 = 'fld1; fld tbyte ptr [rbx]; fyl2x; fstp tbyte ptr [rbx+48]';
    const integers = [0, 1, -1, 10, -16000, 16383, 16384, -16446, 0.5, 0.25];
    const powersOfTwo = [1, 2, 0.5, 1024, x87(0x7ffe, 1n << 63n), x87(0x0001, 1n << 63n)];
    expectCasesSameAsHost([...sequenceCases(exp2, integers, [0x037f]), ...sequenceCases(log2, powersOfTwo, [0x037f])]);
  });

  it('should produce the digits of a long double as printf does, nine at a time', () => {
    const digits = [
      'fld tbyte ptr [rbx]; fabs; xor ecx, ecx; mov dword ptr [rbx+40], 1000000000',
      '1: fld st(0); fisttp dword ptr [rbx+64+rcx*4]; mov eax, [rbx+64+rcx*4]; mov [rbx+32], rax; fild qword ptr [rbx+32]; fsubp st(1), st; fimul dword ptr [rbx+40]',
      'inc ecx; fldz; fucomip st, st(1); jz 2f; cmp ecx, 8; jb 1b; 2: fstp st(0)',
    ].join('; ');
    const fractions = [0.1, 1 / 3, 0.5, 0.125, x87(0x3ffb, 0xcccccccccccccccdn), x87(0x3ffe, 0xffffffffffffffffn), 2 ** -30];
    expectCasesSameAsHost(sequenceCases(digits, fractions, [0x037f]));
  });

  it('should accumulate a harmonic sum in extended precision', () => {
    const sum = 'fldz; mov ecx, 1; 1: mov [rbx+32], ecx; fld1; fidiv dword ptr [rbx+32]; faddp; inc ecx; cmp ecx, 200; jbe 1b; fstp tbyte ptr [rbx+48]';
    expectCasesSameAsHost(sequenceCases(sum, [0], CONTROLS));
  });

  it('should get and set the environment as the fenv functions do', () => {
    const sequences = [
      'fnstcw [rbx+32]; movzx eax, word ptr [rbx+32]; and eax, 0xc00',
      'fnstcw [rbx+32]; and word ptr [rbx+32], 0xf3ff; or word ptr [rbx+32], 0x800; fldcw [rbx+32]; fld1; fld tbyte ptr [rbx]; fdivp; fstp tbyte ptr [rbx+48]',
      'fnstenv [rbx+32]; fnclex; or word ptr [rbx+32], 0x3f; fldz; fld1; fdivrp; fldenv [rbx+32]; fnstsw ax',
      'fldz; fldz; fdivp; fnstsw ax; and eax, 0x3d; fnstenv [rbx+32]; and word ptr [rbx+36], 0xfffe; fldenv [rbx+32]; fnstsw [rbx+64]',
      'fld1; fldz; fdivp; fnstenv [rbx+32]; and word ptr [rbx+32], 0xfffb; fldenv [rbx+32]; fnstsw ax; fwait',
      'fld tbyte ptr [rbx]; fld1; fcomip st, st(1); fstp st(0); seta al; fnstsw [rbx+64]; fnclex; fnstsw [rbx+66]',
    ];
    expectCasesSameAsHost(sequences.flatMap((text) => sequenceCases(text, [2, 0.5, x87(0x7fff, 0x8000000000000001n)], [0x037f, 0x0b7f])));
  });
});
