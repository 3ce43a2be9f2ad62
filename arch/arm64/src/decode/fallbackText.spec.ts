import { describe, expect, it } from 'vitest';
import { fallbackText } from './fallbackText.js';

const text = (word: number): string | undefined => {
  const t = fallbackText(word);
  return t === undefined ? undefined : `${t.mnemonic} ${t.operands}`;
};

// Words and operands as aarch64-linux-gnu-objdump (binutils 2.40) lists them in the glibc fixtures,
// with immediates in capstone's style (hexadecimal above 9).
describe('fallbackText', () => {
  it('should format UDF with its 16-bit immediate', () => {
    expect(text(0x00000000)).toBe('udf #0');
    expect(text(0x0000beef)).toBe('udf #0xbeef');
  });

  it('should format the tag stores in their three addressing forms', () => {
    expect(text(0xd9200800)).toBe('stg x0, [x0]');
    expect(text(0xd93ff860)).toBe('stg x0, [x3, #-0x10]');
    expect(text(0xd9a04c40)).toBe('st2g x0, [x2, #0x40]!');
    expect(text(0xd9bfc860)).toBe('st2g x0, [x3, #-0x40]');
    expect(text(0xd9e02800)).toBe('stz2g x0, [x0, #0x20]');
    expect(text(0xd9600880)).toBe('stzg x0, [x4]');
    expect(text(0xd9200400 | (1 << 12))).toBe('stg x0, [x0], #0x10');
  });

  it('should name SP for register 31 where the operand allows it', () => {
    expect(text(0xd92007ff)).toBe('stg sp, [sp], #0');
  });

  it('should format LDG, IRG and GMI', () => {
    expect(text(0xd9600000)).toBe('ldg x0, [x0]');
    expect(text(0x9ac11000)).toBe('irg x0, x0, x1');
    expect(text(0x9adf1000)).toBe('irg x0, x0');
    expect(text(0x9adf1401)).toBe('gmi x1, x0, xzr');
  });

  it('should leave every other encoding to capstone', () => {
    expect(fallbackText(0xd503201f)).toBeUndefined();
    expect(fallbackText(0xd9200000 | (1 << 12))).toBeUndefined();
  });
});
