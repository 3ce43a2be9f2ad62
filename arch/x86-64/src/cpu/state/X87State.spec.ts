import { describe, expect, it } from 'vitest';
import { Tag, X87State } from './X87State.js';

const ONE = { sign: 0 as const, exponent: 0x3fff, significand: 1n << 63n };

function stateWith(values: ReadonlyArray<{ sign: 0 | 1; exponent: number; significand: bigint }>): X87State {
  const x87 = new X87State();
  for (const value of [...values].reverse()) {
    x87.top = (x87.top - 1) & 7;
    x87.write(0, value);
  }
  return x87;
}

describe('X87State', () => {
  it('should keep only the control word bits that exist, bit 6 reading as one', () => {
    const x87 = new X87State();
    x87.control = 0xffff;
    expect(x87.control).toBe(0x1f7f);
    x87.control = 0;
    expect(x87.control).toBe(0x0040);
  });

  it('should derive ES and B from the exception flags the control word unmasks', () => {
    const x87 = new X87State();
    x87.statusWord = 0x8084 | (5 << 11);
    expect(x87.top).toBe(5);
    expect(x87.statusWord).toBe(0x0004 | (5 << 11));
    x87.control = 0x037b;
    expect(x87.pendingExceptions).toBe(0x0004);
    expect(x87.statusWord).toBe(0x8084 | (5 << 11));
  });

  it('should tag each register by what it holds', () => {
    const x87 = stateWith([ONE, { sign: 1, exponent: 0, significand: 0n }, { sign: 0, exponent: 0x7fff, significand: 1n << 63n }, { sign: 0, exponent: 0, significand: 3n }, { sign: 0, exponent: 5, significand: 3n }]);
    // TOP is 3: ST(0)..ST(4) are physical 3..7.
    const tags: number[] = [Tag.empty, Tag.empty, Tag.empty, Tag.valid, Tag.zero, Tag.special, Tag.special, Tag.special];
    expect(x87.tagWord).toBe(tags.reduce((word, tag, p) => word | (tag << (2 * p)), 0));
    x87.tagWord = 0xfff3;
    expect(x87.valid).toBe(0b0000_0010);
  });

  it('should save the pointers in the FXSAVE image only while an exception is pending, and restore them always', () => {
    const x87 = stateWith([ONE]);
    x87.lastOpcode = 0x1e8;
    x87.lastInstruction = 0x401000;
    x87.lastDataOffset = 0x7ffc0000;
    const image = new Uint8Array(160);
    x87.saveImage(image);
    const view = new DataView(image.buffer);
    expect(view.getUint16(6, true)).toBe(0);
    expect(view.getBigUint64(8, true)).toBe(0n);
    x87.status = 0x0004;
    x87.control = 0x037b;
    x87.saveImage(image);
    expect(view.getUint16(2, true)).toBe(0xb884);
    expect(image[4]).toBe(0x80);
    expect(view.getUint16(6, true)).toBe(0x1e8);
    expect(view.getBigUint64(8, true)).toBe(0x401000n);
    expect(view.getBigUint64(16, true)).toBe(0x7ffc0000n);
    expect(view.getBigUint64(32, true)).toBe(1n << 63n);

    const restored = new X87State();
    restored.restoreImage(image);
    expect(restored.read(0)).toEqual(ONE);
    expect([restored.top, restored.valid, restored.control, restored.statusWord]).toEqual([7, 0x80, 0x037b, 0xb884]);
    expect([restored.lastOpcode, restored.lastInstruction, restored.lastDataOffset]).toEqual([0x1e8, 0x401000, 0x7ffc0000]);
  });

  it('should reset all but the registers on initialize', () => {
    const x87 = stateWith([ONE]);
    x87.control = 0x0c7b;
    x87.status = 0x4704;
    x87.initialize();
    expect([x87.control, x87.statusWord, x87.valid, x87.lastInstruction]).toEqual([0x037f, 0, 0, 0]);
    expect(x87.readPhysical(7)).toEqual(ONE);
  });

  it('should hold MMn in the significand of physical register n, whatever TOP is', () => {
    const x87 = stateWith([ONE, ONE]);
    // TOP is 6: ST(0) is R6, so MM6 is the significand of ST(0).
    x87.x[4 * 6] = 0x89abcdef;
    x87.x[4 * 6 + 1] = 0x01234567;
    x87.mmxWritten(6);
    expect(x87.read(0)).toEqual({ sign: 1, exponent: 0x7fff, significand: 0x0123456789abcdefn });
    x87.enterMmx();
    expect([x87.top, x87.valid]).toEqual([0, 0xff]);
    const image = new Uint8Array(160);
    x87.saveImage(image);
    // After the transition ST(i) is Ri: the image shows MM6 in slot 6, its reserved bytes zero.
    expect(Buffer.from(image.subarray(32 + 16 * 6, 32 + 16 * 7)).toString('hex')).toBe('efcdab8967452301ffff000000000000');
    const restored = new X87State();
    restored.restoreImage(image);
    expect([restored.x[4 * 6], restored.x[4 * 6 + 1], restored.x[4 * 6 + 2], restored.x[4 * 6 + 3]]).toEqual([0x89abcdef | 0, 0x01234567, 0xffff, 0]);
    x87.emms();
    expect([x87.top, x87.valid, x87.tagWord]).toEqual([0, 0, 0xffff]);
  });
});
