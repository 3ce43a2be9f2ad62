/**
 * Focused host comparisons for the SSE2 integer instructions (sseInteger.ts): lane edges for the
 * wrapping, saturating, comparing and multiplying forms, shift counts at and past the element
 * width (immediate and register counts, including counts with high bits set), byte shifts, packs,
 * interleaves, PINSRW/PEXTRW, and memory operands.
 */
import { it } from 'vitest';
import { assemble, caseFrom, describeWithHost, expectCasesSameAsHost, type IsaCase, SCRATCH_ADDRESS } from '../harness.js';
import { integerVectors, PACKED_BINARY, PACKED_SHIFTS, SHIFT_COUNTS } from './sseValues.js';

describeWithHost('SSE2 integer instructions against the host', () => {
  it('should combine lanes at their edges like the host', () => {
    const a = integerVectors(40, 0x1a);
    const b = integerVectors(40, 0x2b);
    const cases: IsaCase[] = [];
    for (const op of PACKED_BINARY) {
      const code = assemble(`${op} xmm1, xmm2`);
      a.forEach((x, i) => cases.push(caseFrom(code, { xmm1: x, xmm2: b[i]! })));
      cases.push(caseFrom(code, { xmm1: a[0]!, xmm2: a[0]! }));
      cases.push(caseFrom(assemble(`${op} xmm3, xmm3`), { xmm3: a[1]! }));
    }
    expectCasesSameAsHost(cases);
  });

  it('should shift by counts at and past the element width', () => {
    const values = integerVectors(3, 0x3c);
    const cases: IsaCase[] = [];
    for (const op of PACKED_SHIFTS) {
      for (const count of SHIFT_COUNTS) {
        for (const v of values) {
          cases.push(caseFrom(assemble(`${op} xmm1, xmm2`), { xmm1: v, xmm2: count | (0xdeadbeefn << 64n) }));
          if (count < 256n) cases.push(caseFrom(assemble(`${op} xmm1, ${count}`), { xmm1: v }));
        }
      }
    }
    for (const op of ['pslldq', 'psrldq']) {
      for (const count of [0, 1, 7, 8, 15, 16, 17, 255]) cases.push(caseFrom(assemble(`${op} xmm1, ${count}`), { xmm1: values[0]! }));
    }
    expectCasesSameAsHost(cases);
  });

  it('should insert and extract words and shuffle lanes', () => {
    const [v, w] = integerVectors(2, 0x4d);
    const cases: IsaCase[] = [];
    for (let imm = 0; imm < 10; imm++) {
      cases.push(caseFrom(assemble(`pinsrw xmm1, eax, ${imm}`), { xmm1: v!, rax: 0x12345678abcdn }));
      cases.push(caseFrom(assemble(`pinsrw xmm1, word ptr [rbx], ${imm}`), { xmm1: v!, rbx: SCRATCH_ADDRESS + 1 }));
      cases.push(caseFrom(assemble(`pextrw eax, xmm1, ${imm}`), { xmm1: v!, rax: -1 }));
      cases.push(caseFrom(assemble(`pextrw rax, xmm1, ${imm}`), { xmm1: v!, rax: -1 }));
    }
    cases.push(caseFrom(assemble('pinsrw xmm1, rax, 3'), { xmm1: v!, rax: -2 }));
    for (const imm of [0x00, 0x1b, 0xe4, 0x4e, 0xb1, 0xff, 0x39]) {
      for (const op of ['pshufd', 'pshuflw', 'pshufhw', 'shufps', 'shufpd']) cases.push(caseFrom(assemble(`${op} xmm1, xmm2, ${imm}`), { xmm1: v!, xmm2: w! }));
    }
    for (const op of ['pmovmskb eax, xmm1', 'pmovmskb rax, xmm1', 'movmskps eax, xmm1', 'movmskpd rax, xmm1']) {
      for (const x of integerVectors(6, 0x5e)) cases.push(caseFrom(assemble(op), { xmm1: x, rax: -1 }));
    }
    expectCasesSameAsHost(cases);
  });

  it('should read 16-byte memory operands, faulting when misaligned', () => {
    const cases: IsaCase[] = [];
    for (const op of ['paddb', 'pcmpeqb', 'pminub', 'psubusw', 'pmaddwd', 'packuswb', 'punpcklbw', 'psllw', 'pshufd']) {
      const text = op === 'pshufd' ? `${op} xmm1, [rbx], 0x1b` : `${op} xmm1, [rbx]`;
      for (const offset of [0, 8, 16 + 1]) {
        for (const mxcsr of [0x1f80, 0x21f80]) cases.push(caseFrom(assemble(text), { xmm1: 0x0123456789abcdef_fedcba9876543210n, rbx: SCRATCH_ADDRESS + offset, mxcsr }));
      }
    }
    cases.push(caseFrom(assemble('paddd xmm1, [rbx]'), { rbx: SCRATCH_ADDRESS + 0xff0, secondPage: 'none' }));
    cases.push(caseFrom(assemble('paddd xmm1, [rbx]'), { rbx: SCRATCH_ADDRESS + 0x1000, secondPage: 'none' }));
    expectCasesSameAsHost(cases);
  });
});
