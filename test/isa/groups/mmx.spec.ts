/**
 * Focused host comparisons for the MMX instructions (ops/mmx.ts) and CLFLUSH: the MMX registers as
 * the x87 registers (MMn is physical register n whatever TOP is, a write sets its sign and exponent
 * to all ones, every MMX instruction sets TOP to 0 and tags every register valid, EMMS empties
 * them), as x87 instructions, FNSTENV, FNSAVE and FXSAVE then see them; #MF on a pending x87
 * exception; faults that leave the x87 state alone (and MASKMOVQ, which does not); lane edges,
 * shift counts, word inserts and shuffles on MMX registers; the conversions between MMX and XMM
 * registers under every MXCSR mode, with #XM; and CLFLUSH's checks of its address.
 */
import { it } from 'vitest';
import { assemble, caseFrom, describeWithHost, expectCasesSameAsHost, type IsaCase, type IsaInput, SCRATCH_ADDRESS } from '../harness.js';
import { mmxInput, type X87Input, x87Bits } from '../support/x87Image.js';
import { le64 } from './groupInputs.js';
import { DOUBLES, fromLanes32, integerVectors, MXCSR_MODES, PACKED_BINARY, PACKED_SHIFTS, SHIFT_COUNTS, SINGLES } from './sseValues.js';
import { le, x87 } from './x87Values.js';

const MAPPED = SCRATCH_ADDRESS + 0x100;
/** The second scratch page, read-only or unmapped where a case says so. */
const SECOND_PAGE = SCRATCH_ADDRESS + 0x1000;

/** 64-bit values biased to lane edges: the low halves of the SSE integer vectors. */
function mmxValues(count: number, seed: number): bigint[] {
  return integerVectors(count, seed).map((v) => BigInt.asUintN(64, v));
}

/** MM0-MM7 holding distinct values, as an MMX program leaves them. */
const REGISTERS = mmxValues(8, 0x3a);

/** An x87 stack of three values from TOP 5, the other registers empty but holding `REGISTERS`: x87 code before MMX code. */
const X87_BEFORE: X87Input = { stack: [1, -2.5, x87(0x4005, 0xc000000000000000n)], top: 5, stale: REGISTERS.map((v) => x87(0x1234, v)) };

/** A pending unmasked exception (ZE) with values on the stack. */
const PENDING: X87Input = { ...X87_BEFORE, control: 0x037b, status: 0x0004 };

/** The x87 states an MMX instruction starts from: after MMX code, after EMMS, after x87 code, and with an exception pending. */
const STATES: readonly X87Input[] = [mmxInput(REGISTERS), { top: 0, stale: REGISTERS.map((v) => x87(0xffff, v)) }, X87_BEFORE, PENDING];

/** The binary packed-integer instructions MMX has: all but the quadword interleaves. */
const BINARY = PACKED_BINARY.filter((op) => !op.endsWith('qdq'));

/** One instruction of every kind, register and memory forms, for the x87-state tests. */
const ONE_OF_EACH = [
  'movd mm1, eax', 'movq mm2, rax', 'movq mm3, mm4', 'movq mm5, [rbx]', 'movd [rbx], mm6', 'movq rcx, mm7', 'movq [rbx], mm0', 'movd ecx, mm0',
  'movq2dq xmm1, mm2', 'movdq2q mm3, xmm1', 'movntq [rbx], mm1', 'paddb mm0, mm1', 'psubq mm7, [rbx]', 'pmaddwd mm2, mm2', 'psrlq mm4, 3', 'psraw mm5, mm6',
  'punpcklbw mm1, [rbx]', 'packuswb mm2, mm3', 'pshufw mm4, mm5, 0x1b', 'pinsrw mm6, eax, 2', 'pextrw ecx, mm7, 1', 'pmovmskb ecx, mm2', 'psadbw mm3, mm0',
  'mov rdi, rbx; maskmovq mm1, mm2', 'emms', 'cvtpi2ps xmm1, mm2', 'cvtpi2pd xmm2, mm3', 'cvtps2pi mm4, xmm1', 'cvttpd2pi mm5, xmm2',
  'cvtpi2ps xmm1, [rbx]', 'cvtpi2pd xmm2, [rbx]', 'cvtps2pi mm6, [rbx]', 'cvtpd2pi mm7, [rbx]',
];

function mmxCase(text: string, x: X87Input, input: IsaInput = {}): IsaCase {
  return caseFrom(assemble(text), { rax: 0x8000_7fff_1234_80ffn, rbx: MAPPED, xmm1: 0x3f800000_4f000000_c1200000_40490fdbn, xmm2: 0x41e00000_00000000_c0000000_00000000n, ...input, x87: x });
}

describeWithHost('MMX instructions against the host', () => {
  it('should alias MMn to physical register n, enter the MMX state and empty it on EMMS', () => {
    const cases = ONE_OF_EACH.flatMap((text) => STATES.map((x) => mmxCase(text, x)));
    expectCasesSameAsHost(cases);
  });

  it('should show the x87 and FXSAVE, FNSTENV and FNSAVE the MMX registers, and MMX the x87 registers', () => {
    const sequences = [
      'fld qword ptr [rbx]; movq rcx, mm7; movd edx, mm6',
      'fld1; fldpi; paddw mm2, mm3; fxsave [rbx+0x100]',
      'fld1; movq mm1, rax; fnstenv [rbx+0x40]',
      'movq mm0, rax; fld1; fstp qword ptr [rbx+8]',
      'movq mm0, rax; emms; fld1; fstp qword ptr [rbx+8]',
      'movq mm3, rax; fnsave [rbx+0x40]; frstor [rbx+0x40]; movq rcx, mm3',
      'pxor mm0, mm0; fstp st(0); fld st(1); fstp tbyte ptr [rbx+0x10]',
      'fldz; movd mm7, eax; fld1; fxam; fnstsw ax',
      'movq mm2, rax; ffree st(2); fxsave64 [rbx+0x100]; movq rdx, mm2',
      'fninit; movq rcx, mm4; fnstenv [rbx+0x40]',
      'movq mm5, rax; fxrstor [rbx+0x200]; movq rcx, mm5',
    ];
    // An FXRSTOR image with ST(0)-ST(7) = 1.0 .. 8.0 at TOP 3, all valid.
    const image = new Uint8Array(512);
    image.set([0x7f, 0x03, 0x00, 0x18, 0xff]);
    image.set([0x80, 0x1f], 24);
    for (let i = 0; i < 8; i++) image.set(le(x87Bits(i + 1), 10), 32 + 16 * i);
    const cases = sequences.flatMap((text) => STATES.slice(0, 3).map((x) => mmxCase(text, x, { memory: { 0x100: le64(0x4009_21fb_5444_2d18n), 0x300: image } })));
    expectCasesSameAsHost(cases);
  });

  it('should fault (#MF) on a pending x87 exception, and leave the x87 state alone on a memory fault', () => {
    const cases: IsaCase[] = [];
    for (const text of ONE_OF_EACH) cases.push(mmxCase(text, PENDING), mmxCase(text, { ...PENDING, control: 0x0340, status: 0x0041 }));
    const faulting = [
      ['paddb mm0, [rbx]', 'none'], ['movq mm1, [rbx]', 'none'], ['movd mm2, [rbx]', 'none'], ['punpcklbw mm3, [rbx]', 'none'],
      ['movq [rbx], mm1', 'ro'], ['movd [rbx], mm2', 'ro'], ['movntq [rbx], mm3', 'ro'], ['pinsrw mm4, [rbx], 1', 'none'],
      ['cvtps2pi mm5, [rbx]', 'none'], ['cvtpd2pi mm6, [rbx]', 'none'], ['cvtpi2ps xmm1, [rbx]', 'none'],
      ['mov rdi, rbx; maskmovq mm1, mm2', 'ro'], ['mov rdi, rbx; maskmovq mm1, mm2', 'none'], ['mov rdi, rbx; pxor mm2, mm2; maskmovq mm1, mm2', 'none'],
    ] as const;
    for (const [text, secondPage] of faulting) {
      for (const rbx of [SECOND_PAGE, SECOND_PAGE - 4]) for (const x of STATES.slice(1, 3)) cases.push(mmxCase(text, x, { rbx, secondPage }));
    }
    // A misaligned 16-byte operand (#GP), with and without MXCSR.MM, and behind a pending exception.
    for (const text of ['cvtpd2pi mm6, [rbx]', 'cvttpd2pi mm1, [rbx]']) {
      for (const mxcsr of [0x1f80, 0x21f80]) for (const x of STATES.slice(2)) cases.push(mmxCase(text, x, { rbx: MAPPED + 8, mxcsr }));
    }
    expectCasesSameAsHost(cases);
  });

  it('should combine lanes at their edges like the host', () => {
    const a = mmxValues(24, 0x1a);
    const b = mmxValues(24, 0x2b);
    const cases: IsaCase[] = [];
    for (const op of BINARY) {
      a.forEach((v, i) => cases.push(mmxCase(`${op} mm1, mm2`, mmxInput([0n, v, b[i]!]))));
      cases.push(mmxCase(`${op} mm3, mm3`, mmxInput(a)));
      cases.push(mmxCase(`${op} mm4, [rbx]`, mmxInput(a), { memory: { 0x100: le64(b[0]!) } }));
    }
    expectCasesSameAsHost(cases);
  });

  it('should shift by counts at and past the element width', () => {
    const values = mmxValues(3, 0x3c);
    const cases: IsaCase[] = [];
    for (const op of PACKED_SHIFTS) {
      for (const count of SHIFT_COUNTS) {
        for (const v of values) {
          cases.push(mmxCase(`${op} mm1, mm2`, mmxInput([0n, v, count])));
          cases.push(mmxCase(`${op} mm1, [rbx]`, mmxInput([0n, v]), { memory: { 0x100: le64(count) } }));
          if (count < 256n) cases.push(mmxCase(`${op} mm1, ${count}`, mmxInput([0n, v])));
        }
      }
    }
    expectCasesSameAsHost(cases);
  });

  it('should insert, extract and shuffle words, and gather byte signs', () => {
    const [v, w] = mmxValues(2, 0x4d);
    const x = mmxInput([0n, v!, w!]);
    const cases: IsaCase[] = [];
    for (let imm = 0; imm < 10; imm++) {
      cases.push(mmxCase(`pinsrw mm1, eax, ${imm}`, x));
      cases.push(mmxCase(`pinsrw mm1, word ptr [rbx+1], ${imm}`, x));
      cases.push(mmxCase(`pextrw eax, mm1, ${imm}`, x, { rax: -1 }));
      cases.push(mmxCase(`pextrw rax, mm2, ${imm}`, x, { rax: -1 }));
    }
    cases.push(mmxCase('pinsrw mm1, rax, 3', x, { rax: -2 }));
    for (const imm of [0x00, 0x1b, 0xe4, 0x4e, 0xb1, 0xff, 0x39]) cases.push(mmxCase(`pshufw mm1, mm2, ${imm}`, x), mmxCase(`pshufw mm3, [rbx+3], ${imm}`, x));
    for (const value of mmxValues(6, 0x5e)) cases.push(mmxCase('pmovmskb eax, mm1', mmxInput([0n, value]), { rax: -1 }), mmxCase('pmovmskb rax, mm1', mmxInput([0n, value]), { rax: -1 }));
    for (const mask of [0n, -1n, 0x8000_0080_7f00_ff80n]) {
      for (const rdi of [MAPPED, MAPPED + 3, SECOND_PAGE - 8]) cases.push(mmxCase('maskmovq mm1, mm2', mmxInput([0n, v!, mask]), { rdi }));
    }
    expectCasesSameAsHost(cases);
  });

  it('should convert between MMX and XMM registers under every MXCSR mode', () => {
    const singles = [...SINGLES, 0x4effffff, 0xcf000001, 0x4f000001];
    const cases: IsaCase[] = [];
    for (const mxcsr of MXCSR_MODES) {
      for (let i = 0; i < singles.length; i += 2) {
        const xmm1 = fromLanes32([singles[i]!, singles[(i + 1) % singles.length]!, 0x12345678, 0x9abcdef0]);
        for (const op of ['cvtps2pi', 'cvttps2pi']) cases.push(mmxCase(`${op} mm1, xmm1`, X87_BEFORE, { xmm1, mxcsr }));
      }
      for (let i = 0; i < DOUBLES.length; i += 2) {
        const xmm2 = (DOUBLES[(i + 1) % DOUBLES.length]! << 64n) | DOUBLES[i]!;
        for (const op of ['cvtpd2pi', 'cvttpd2pi']) cases.push(mmxCase(`${op} mm2, xmm2`, X87_BEFORE, { xmm2, mxcsr }));
      }
      for (const value of [...mmxValues(4, 0x6f), 0x7fffffff_80000001n, 0x01000001_fefffffen]) {
        cases.push(mmxCase('cvtpi2ps xmm1, mm3', mmxInput([0n, 0n, 0n, value]), { mxcsr }));
        cases.push(mmxCase('cvtpi2ps xmm1, [rbx]', X87_BEFORE, { mxcsr, memory: { 0x100: le64(value) } }));
        cases.push(mmxCase('cvtpi2pd xmm2, mm3', X87_BEFORE, { mxcsr }));
      }
    }
    expectCasesSameAsHost(cases);
  });
});

describeWithHost('CLFLUSH against the host', () => {
  it('should check its address like a one-byte read, whatever the x87 state', () => {
    const cases: IsaCase[] = [];
    for (const [rbx, secondPage] of [
      [MAPPED, 'rw'], [SCRATCH_ADDRESS + 0xfff, 'none'], [SECOND_PAGE, 'ro'], [SECOND_PAGE + 0x7ff, 'none'], [SECOND_PAGE, 'rw'],
      [0x1000, 'rw'], [-0x8000_0000_0000_0000n, 'rw'], [0x0000_8000_0000_0000n, 'rw'], [0x60010000, 'rw'],
    ] as const) {
      cases.push(caseFrom(assemble('clflush [rbx]; mov eax, 1'), { rbx, secondPage }));
      cases.push(caseFrom(assemble('clflush [rbx]'), { rbx, secondPage, x87: PENDING }));
    }
    cases.push(caseFrom(assemble('clflush byte ptr [rbx+rcx*8-8]'), { rbx: SECOND_PAGE, rcx: 1, secondPage: 'none' }));
    expectCasesSameAsHost(cases);
  });
});
