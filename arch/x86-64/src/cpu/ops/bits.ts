import { SiCode, Signal } from '@ubp/core';
import { Mnemonic } from '../../decode/iced.js';
import { OperandKind } from '../../decode/X86Insn.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { setExplicitFlags } from '../codegen/flags.js';
import { effectiveAddress, readMemory, readMemory64, writeMemory, writeMemory64 } from '../codegen/memory.js';
import { isMemoryOperand, operandBits, readOperand, readOperand64, writeOperand, writeOperand64 } from '../codegen/operands.js';
import { type Pair } from '../codegen/Pair.js';
import { narrow } from '../codegen/widths.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { FlagBits } from '../state/FlagBits.js';
import { setSomeFlags } from './someFlags.js';

/** What BT, BTS, BTR and BTC do to the selected bit after copying it to CF. */
type BitUpdate = 'keep' | 'set' | 'reset' | 'complement';

function updated(value: string, bitMask: string, update: BitUpdate): string {
  if (update === 'set') return `${value} | ${bitMask}`;
  if (update === 'reset') return `${value} & ~${bitMask}`;
  return `${value} ^ ${bitMask}`;
}

/**
 * Where the tested bit lives: a register or memory operand with the offset taken modulo its
 * width (immediate offsets, register destinations), or, for a memory operand with a register
 * offset, the operand-sized word `offset >> log2(width)` words away from it (the offset is
 * signed, so the bit may be far before or after the operand, as the SDM describes).
 */
interface BitLocation {
  readonly address: string | undefined;
  readonly bit: string;
}

function bitLocation(b: BlockBuilder, bits: number): BitLocation {
  const inMemory = isMemoryOperand(b, 0);
  const offsetInRegister = b.insn.operands[1]!.kind === OperandKind.Register;
  if (!inMemory || !offsetInRegister) {
    const offset = bits === 64 ? readOperand64(b, 1).lo : readOperand(b, 1, bits);
    return { address: inMemory ? effectiveAddress(b) : undefined, bit: b.temp(`${offset} & ${bits - 1}`) };
  }
  const base = effectiveAddress(b);
  if (bits === 64) {
    const offset = readOperand64(b, 1);
    return { address: b.temp(`${base} + (${offset.hi} * 67108864 + (${offset.lo} >>> 6)) * 8`), bit: b.temp(`${offset.lo} & 63`) };
  }
  const offset = b.temp(bits === 16 ? `(${readOperand(b, 1, 16)} << 16) >> 16` : readOperand(b, 1, 32));
  const shift = bits === 16 ? 4 : 5;
  return { address: b.temp(`${base} + (${offset} >> ${shift}) * ${bits / 8}`), bit: b.temp(`${offset} & ${bits - 1}`) };
}

function bitTestNarrow(b: BlockBuilder, bits: number, update: BitUpdate): string {
  const { address, bit } = bitLocation(b, bits);
  const value = address === undefined ? readOperand(b, 0, bits) : readMemory(b, address, bits);
  if (update !== 'keep') {
    const result = narrow(updated(value, `(1 << ${bit})`, update), bits);
    if (address === undefined) writeOperand(b, 0, bits, result);
    else writeMemory(b, address, bits, result);
  }
  return `((${value} >>> ${bit}) & 1)`;
}

function bitTestWide(b: BlockBuilder, update: BitUpdate): string {
  const { address, bit } = bitLocation(b, 64);
  const value = address === undefined ? readOperand64(b, 0) : readMemory64(b, address);
  const low = b.temp(`${bit} < 32`);
  if (update !== 'keep') {
    const bitMask = `(1 << (${bit} & 31))`;
    const result: Pair = { lo: `(${low} ? ${updated(value.lo, bitMask, update)} : ${value.lo})`, hi: `(${low} ? ${value.hi} : ${updated(value.hi, bitMask, update)})` };
    if (address === undefined) writeOperand64(b, 0, result);
    else writeMemory64(b, address, result);
  }
  return `(((${low} ? ${value.lo} : ${value.hi}) >>> (${bit} & 31)) & 1)`;
}

/** BT BTS BTR BTC: CF is the bit; the host keeps every other flag (OF SF AF PF are undefined, ZF is kept). */
function bitTest(update: BitUpdate): Emitter {
  return (b) => {
    const bits = operandBits(b, 0);
    const carry = bits === 64 ? bitTestWide(b, update) : bitTestNarrow(b, bits, update);
    setSomeFlags(b, FlagBits.CF, carry);
  };
}

/** The index of the lowest (BSF) or highest (BSR) set bit of a non-zero source. */
function scanIndex(b: BlockBuilder, bits: number, forward: boolean): { zero: string; index: string } {
  if (bits === 64) {
    const src = readOperand64(b, 1);
    const index = forward
      ? `(${src.lo} !== 0 ? 31 - Math.clz32(${src.lo} & -${src.lo}) : 63 - Math.clz32(${src.hi} & -${src.hi}))`
      : `(${src.hi} !== 0 ? 63 - Math.clz32(${src.hi}) : 31 - Math.clz32(${src.lo}))`;
    return { zero: b.temp(`(${src.lo} | ${src.hi}) === 0`), index: b.temp(index) };
  }
  const src = readOperand(b, 1, bits);
  return { zero: b.temp(`${src} === 0`), index: b.temp(forward ? `31 - Math.clz32(${src} & -${src})` : `31 - Math.clz32(${src})`) };
}

/**
 * BSF and BSR. A zero source leaves the destination as it was, even a 32-bit one's upper half
 * (as AMD documents and this host does), and sets ZF. The host also sets PF from the index (from
 * 0 for a zero source) and clears CF OF SF AF, all of which the manuals call undefined.
 */
function bitScan(forward: boolean): Emitter {
  return (b) => {
    const bits = operandBits(b, 0);
    const { zero, index } = scanIndex(b, bits, forward);
    b.line(`if (!${zero}) {`);
    if (bits === 64) writeOperand64(b, 0, { lo: index, hi: '0' });
    else writeOperand(b, 0, bits, index);
    b.line('}');
    setExplicitFlags(b, `(${zero} ? ${FlagBits.ZF | FlagBits.PF} : H.parityFlag(${index}))`);
  };
}

const bitScanForward = bitScan(true);
const bitScanReverse = bitScan(false);

/**
 * POPCNT is #UD on the CPU model (runtime/cpuidModel.ts), a baseline x86-64 without the POPCNT
 * feature bit; Linux delivers SIGILL with ILL_ILLOPN.
 */
const popcnt: Emitter = (b) => {
  b.line(`throw H.trap(${Signal.SIGILL}, ${SiCode.ILL_ILLOPN}, ${b.insn.address}, 'popcnt: the CPU model has no POPCNT');`);
  b.ended = true;
};

function byteSwap32(value: string): string {
  return `((${value} << 24) | ((${value} & 0xff00) << 8) | ((${value} >>> 8) & 0xff00) | (${value} >>> 24))`;
}

/** BSWAP r32/r64; BSWAP r16 is undefined and this host clears the 16-bit register. */
const bswap: Emitter = (b) => {
  const bits = operandBits(b, 0);
  if (bits === 64) {
    const a = readOperand64(b, 0);
    writeOperand64(b, 0, { lo: b.temp(byteSwap32(a.hi)), hi: b.temp(byteSwap32(a.lo)) });
  } else {
    writeOperand(b, 0, bits, bits === 16 ? '0' : byteSwap32(readOperand(b, 0, 32)));
  }
};

/** bt bts btr btc bsf bsr tzcnt lzcnt popcnt bswap */
export const bitsOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Bt]: bitTest('keep'),
    [Mnemonic.Bts]: bitTest('set'),
    [Mnemonic.Btr]: bitTest('reset'),
    [Mnemonic.Btc]: bitTest('complement'),
    [Mnemonic.Bsf]: bitScanForward,
    [Mnemonic.Bsr]: bitScanReverse,
    // F3 0F BC/BD decode as TZCNT/LZCNT, but on a CPU without BMI1/LZCNT (the CPU model has
    // neither) the F3 prefix is ignored and they execute as BSF/BSR; compilers and glibc emit
    // TZCNT relying on that, since both agree for a non-zero source.
    [Mnemonic.Tzcnt]: bitScanForward,
    [Mnemonic.Lzcnt]: bitScanReverse,
    [Mnemonic.Popcnt]: popcnt,
    [Mnemonic.Bswap]: bswap,
  },
};
