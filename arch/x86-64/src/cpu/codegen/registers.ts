import { type Register } from '../../decode/iced.js';
import { type BlockBuilder } from './BlockBuilder.js';
import { type Pair } from './Pair.js';
import { gprSlot } from './registerSlots.js';

/** Reads an 8/16/32-bit GPR as a normalised narrow value. */
export function readGpr(b: BlockBuilder, register: Register): string {
  const { slot, bits, shift } = gprSlot(register);
  if (bits === 64) throw new Error('readGpr on a 64-bit register: use readGpr64');
  if (bits === 32) return b.temp(`R[${2 * slot}]`);
  const mask = bits === 8 ? '0xff' : '0xffff';
  return b.temp(shift === 0 ? `R[${2 * slot}] & ${mask}` : `(R[${2 * slot}] >> 8) & 0xff`);
}

export function readGpr64(b: BlockBuilder, register: Register): Pair {
  const { slot } = gprSlot(register);
  return { lo: b.temp(`R[${2 * slot}]`), hi: b.temp(`R[${2 * slot + 1}]`) };
}

/** Reads GPR `slot` (0-15) as 64 bits. */
export function readSlot64(b: BlockBuilder, slot: number): Pair {
  return { lo: b.temp(`R[${2 * slot}]`), hi: b.temp(`R[${2 * slot + 1}]`) };
}

/** Writes a narrow value with the hardware's rules: 32-bit writes zero the upper half, 8/16-bit writes merge. */
export function writeGpr(b: BlockBuilder, register: Register, value: string): void {
  const { slot, bits, shift } = gprSlot(register);
  const lo = `R[${2 * slot}]`;
  if (bits === 32) {
    b.line(`${lo} = ${value}; R[${2 * slot + 1}] = 0;`);
  } else if (bits === 16) {
    b.line(`${lo} = (${lo} & ~0xffff) | (${value} & 0xffff);`);
  } else if (bits === 8) {
    b.line(shift === 0 ? `${lo} = (${lo} & ~0xff) | (${value} & 0xff);` : `${lo} = (${lo} & ~0xff00) | ((${value} & 0xff) << 8);`);
  } else {
    throw new Error('writeGpr on a 64-bit register: use writeGpr64');
  }
}

export function writeGpr64(b: BlockBuilder, register: Register, value: Pair): void {
  writeSlot64(b, gprSlot(register).slot, value);
}

export function writeSlot64(b: BlockBuilder, slot: number, value: Pair): void {
  b.line(`R[${2 * slot}] = ${value.lo}; R[${2 * slot + 1}] = ${value.hi};`);
}
