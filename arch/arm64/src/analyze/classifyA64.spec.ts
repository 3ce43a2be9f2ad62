import { beforeAll, describe, expect, it } from 'vitest';
import { type CapstoneInstructionDecoder, createCapstoneDecoder } from '../decode/CapstoneInstructionDecoder.js';
import { wordBytes } from '../encoding/fields.js';
import { classifyA64 } from './classifyA64.js';

/**
 * Encodings from the GNU assembler (binutils 2.40, -march=armv8.8-a+mops+memtag+sve), its
 * disassembly, the class Linux's arm_probe_decode_insn puts each in, and capstone's mnemonic
 * where it differs (capstone 5.0 knows BTI only as a numbered hint).
 */
const CASES: ReadonlyArray<readonly [word: number, text: string, className: string, capstone?: string]> = [
  [0xd503201f, 'nop', 'NOP'],
  [0x54000041, 'b.ne', 'B.cond'],
  [0x5400004e, 'b.al', 'B.cond'],
  [0xb4000041, 'cbz x1', 'CBZ/CBNZ'],
  [0x35000042, 'cbnz w2', 'CBZ/CBNZ'],
  [0x36180043, 'tbz w3, #3', 'TBZ/TBNZ'],
  [0xb7400043, 'tbnz x3, #40', 'TBZ/TBNZ'],
  [0x10000040, 'adr x0', 'ADR/ADRP'],
  [0x90000000, 'adrp x0', 'ADR/ADRP'],
  [0x14000002, 'b', 'B/BL'],
  [0x94000002, 'bl', 'B/BL'],
  [0xd61f0200, 'br x16', 'BR/BLR/RET'],
  [0xd63f0100, 'blr x8', 'BR/BLR/RET'],
  [0xd65f03c0, 'ret', 'BR/BLR/RET'],
  [0xd65f0060, 'ret x3', 'BR/BLR/RET'],
  [0xd71f0822, 'braa x1, x2', 'branch'],
  [0xd63f087f, 'blraaz x3', 'branch'],
  [0xd65f0bff, 'retaa', 'branch'],
  [0xd50342df, 'msr daifset, #0x2', 'MSR (immediate)'],
  [0xd500401f, 'cfinv', 'MSR (immediate)'],
  [0xd51b4400, 'msr fpcr, x0', 'MSR (register)'],
  [0xd51b4201, 'msr nzcv, x1', 'MSR (register)'],
  [0xd4000001, 'svc #0x0', 'exception generating'],
  [0xd4000002, 'hvc #0x0', 'exception generating'],
  [0xd42000a0, 'brk #0x5', 'exception generating'],
  [0xd4400000, 'hlt #0x0', 'exception generating'],
  [0xd69f03e0, 'eret', 'exception return'],
  [0xd69f0bff, 'eretaa', 'exception return'],
  [0xd53b4220, 'mrs x0, daif', 'MRS DAIF'],
  [0xd53bd040, 'mrs x0, tpidr_el0', 'step: system (barriers, SYS, MRS, PAC and BTI hints)'],
  [0xd53b4201, 'mrs x1, nzcv', 'step: system (barriers, SYS, MRS, PAC and BTI hints)'],
  [0xd53b4402, 'mrs x2, fpcr', 'step: system (barriers, SYS, MRS, PAC and BTI hints)'],
  [0xd53be043, 'mrs x3, cntvct_el0', 'step: system (barriers, SYS, MRS, PAC and BTI hints)'],
  [0xd503203f, 'yield', 'hint'],
  [0xd503205f, 'wfe', 'hint'],
  [0xd503207f, 'wfi', 'hint'],
  [0xd503209f, 'sev', 'hint'],
  [0xd503229f, 'csdb', 'hint'],
  [0xd50323bf, 'autiasp', 'hint'],
  [0xd503233f, 'paciasp', 'step: system (barriers, SYS, MRS, PAC and BTI hints)'],
  [0xd503237f, 'pacibsp', 'step: system (barriers, SYS, MRS, PAC and BTI hints)'],
  [0xd50320ff, 'xpaclri', 'step: system (barriers, SYS, MRS, PAC and BTI hints)'],
  [0xd503245f, 'bti c', 'step: system (barriers, SYS, MRS, PAC and BTI hints)', 'hint'],
  [0xd5033fdf, 'isb', 'step: system (barriers, SYS, MRS, PAC and BTI hints)'],
  [0xd5033bbf, 'dmb ish', 'step: system (barriers, SYS, MRS, PAC and BTI hints)'],
  [0xd50b7420, 'dc zva, x0', 'step: system (barriers, SYS, MRS, PAC and BTI hints)'],
  [0xd5033f5f, 'clrex', 'step: system (barriers, SYS, MRS, PAC and BTI hints)'],
  [0xd6bf03e0, 'drps', 'step: system (barriers, SYS, MRS, PAC and BTI hints)'],
  [0x58000040, 'ldr x0', 'LDR/LDRSW (literal)'],
  [0x18000040, 'ldr w0', 'LDR/LDRSW (literal)'],
  [0x98000040, 'ldrsw x0', 'LDR/LDRSW (literal)'],
  [0xd8000040, 'prfm pldl1keep', 'PRFM (literal)'],
  [0x5c000040, 'ldr d0', 'LDR (literal, SIMD&FP)'],
  [0x9c000041, 'ldr q1', 'LDR (literal, SIMD&FP)'],
  [0x1c000042, 'ldr s2', 'LDR (literal, SIMD&FP)'],
  [0xc85f7c20, 'ldxr x0, [x1]', 'load/store exclusive'],
  [0xc8027c20, 'stxr w2, x0, [x1]', 'load/store exclusive'],
  [0x885ffc20, 'ldaxr w0, [x1]', 'load/store exclusive'],
  [0x8802fc20, 'stlxr w2, w0, [x1]', 'load/store exclusive'],
  [0xc87f0440, 'ldxp x0, x1, [x2]', 'load/store exclusive'],
  [0x48207c82, 'casp x0, x1, x2, x3, [x4]', 'load/store exclusive'],
  [0xc8a07c41, 'cas x0, x1, [x2]', 'step: loads and stores'],
  [0xb8200041, 'ldadd w0, w1, [x2]', 'step: loads and stores'],
  [0xc8dffc20, 'ldar x0, [x1]', 'step: loads and stores'],
  [0xc89ffc20, 'stlr x0, [x1]', 'step: loads and stores'],
  [0xa9bf7bfd, 'stp x29, x30, [sp, #-16]!', 'step: loads and stores'],
  [0x91000420, 'add x0, x1, #0x1', 'step: data processing (immediate)'],
  [0x1e622820, 'fadd d0, d1, d2', 'step: scalar FP and Advanced SIMD'],
  [0xa5e0a000, 'ld1d {z0.d}, p0/z, [x0]', 'step: SVE'],
  [0x00000000, 'udf #0', 'step: reserved (UDF)'],
  // Unknown to capstone 5.0:
  [0x54000050, 'bc.eq', 'BC.cond'],
  [0x1d010440, 'cpyp [x0]!, [x1]!, x2!', 'memory copy/set'],
  [0x19c20420, 'setp [x0]!, x1!, x2', 'memory copy/set'],
];

const VERDICTS: Record<string, string> = {
  NOP: 'simulate',
  'B.cond': 'simulate',
  'CBZ/CBNZ': 'simulate',
  'TBZ/TBNZ': 'simulate',
  'ADR/ADRP': 'simulate',
  'B/BL': 'simulate',
  'BR/BLR/RET': 'simulate',
};

let decoder: CapstoneInstructionDecoder;
beforeAll(async () => {
  decoder = await createCapstoneDecoder();
});

describe('classifyA64', () => {
  for (const [word, text, className] of CASES) {
    const verdict = VERDICTS[className] ?? (className.startsWith('step: ') ? 'step' : 'refuse');
    it(`should ${verdict} ${text} (0x${word.toString(16).padStart(8, '0')}) as ${className}`, () => {
      const kind = classifyA64(word);
      expect(kind.name).toBe(className);
      expect(kind.verdict).toBe(verdict);
      expect(kind.reason).not.toBe('');
      expect(kind.simulation !== undefined).toBe(verdict === 'simulate');
    });
  }

  it('should agree with capstone on the mnemonic of every case it decodes (a check on the encodings above)', () => {
    for (const [word, text, , capstone] of CASES) {
      const decoded = decoder.decode(wordBytes(word), 0x40_0000);
      if (decoded === undefined) continue;
      expect(decoded.mnemonic, text).toBe(capstone ?? text.split(' ')[0]);
    }
  });

  it('should step the NOP-space hints only when they are on the whitelist, by CRm:op2', () => {
    const stepped = [];
    for (let crmOp2 = 1; crmOp2 < 128; crmOp2++) {
      if (classifyA64((0xd503201f | (crmOp2 << 5)) >>> 0).verdict === 'step') stepped.push(crmOp2);
    }
    expect(stepped).toEqual([7, 8, 10, 24, 25, 26, 27, 32, 34, 36, 38]);
  });

  it('should refuse every exclusive whatever its size and register fields', () => {
    for (const size of [0, 1, 2, 3]) {
      for (const bits of [0x001f7c00, 0x00000000, 0x00408000, 0x00600000]) {
        const word = ((size << 30) | 0x08000000 | bits | 0x21) >>> 0;
        expect(classifyA64(word).name, word.toString(16)).toBe('load/store exclusive');
      }
    }
  });
});
