import { beforeAll, describe, expect, it } from 'vitest';
import { wordBytes } from '../encoding/fields.js';
import { adrp, b, bCond, bl, Cond, ret } from '../testing/a64Assembler.js';
import { type CapstoneInstructionDecoder, createCapstoneDecoder } from './CapstoneInstructionDecoder.js';

let decoder: CapstoneInstructionDecoder;
beforeAll(async () => {
  decoder = await createCapstoneDecoder();
});

const decode = (word: number, address = 0x40_0000) => decoder.decode(wordBytes(word), address);

describe('CapstoneInstructionDecoder', () => {
  it('should decode the uprobes breakpoint as BRK #5, an interrupt', () => {
    const insn = decode(0xd42000a0);
    expect(insn).toMatchObject({ text: 'brk #5', mnemonic: 'brk', length: 4, flow: 'interrupt' });
  });

  it('should give direct branches their absolute target', () => {
    expect(decode(bl(-0x100), 0x40_1000)).toMatchObject({ mnemonic: 'bl', flow: 'call', target: 0x40_0f00, text: 'bl #0x400f00' });
    expect(decode(b(0x20), 0x40_1000)).toMatchObject({ flow: 'jump', target: 0x40_1020 });
    expect(decode(bCond(Cond.NE, 8), 0x40_1000)).toMatchObject({ mnemonic: 'b.ne', flow: 'conditional-jump', target: 0x40_1008 });
  });

  it('should give ADRP and LDR (literal) their PC-relative address', () => {
    expect(decode(adrp(0, 2), 0x40_1234)).toMatchObject({ mnemonic: 'adrp', flow: 'next', pcRelativeAddress: 0x40_3000 });
    expect(decode(0x58000040, 0x40_1000)).toMatchObject({ mnemonic: 'ldr', pcRelativeAddress: 0x40_1008 });
    expect(decode(0x5c000040, 0x40_1000)).toMatchObject({ text: 'ldr d0, #0x401008', pcRelativeAddress: 0x40_1008 });
  });

  it('should classify returns, system calls and undefined-at-EL0 instructions', () => {
    expect(decode(ret())).toMatchObject({ mnemonic: 'ret', flow: 'return' });
    expect(decode(0xd4000001)).toMatchObject({ mnemonic: 'svc', flow: 'syscall' });
    expect(decode(0xd69f03e0)).toMatchObject({ mnemonic: 'eret', flow: 'exception' });
  });

  it('should decode what capstone 5.0 does not know: UDF and the MTE tag instructions', () => {
    expect(decode(0)).toMatchObject({ text: 'udf #0', flow: 'exception' });
    expect(decode(0xd9a04c40)).toMatchObject({ text: 'st2g x0, [x2, #0x40]!', flow: 'next' });
  });

  it('should return undefined for unallocated encodings and short buffers', () => {
    expect(decode(0x02000000)).toBeUndefined();
    expect(decoder.decode(Uint8Array.of(0x1f, 0x20, 0x03), 0x40_0000)).toBeUndefined();
  });

  it('should copy the bytes rather than keep a view of the caller buffer', () => {
    const buffer = wordBytes(0xd503201f);
    const insn = decoder.decode(buffer, 0x40_0000)!;
    buffer[0] = 0;
    expect(insn.bytes[0]).toBe(0x1f);
    expect(insn.text).toBe('nop');
  });
});
