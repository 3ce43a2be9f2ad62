import { SiCode, Signal } from '@ubp/core';
import { Mnemonic, Register } from '../../decode/iced.js';
import { add64, sub64 } from '../codegen/arithmetic64.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { setFlags, setFlags64 } from '../codegen/flags.js';
import { effectiveAddress, readMemory64, writeMemory64 } from '../codegen/memory.js';
import { isMemoryOperand, operandBits, readOperand, readOperand64, writeOperand, writeOperand64 } from '../codegen/operands.js';
import { type Pair } from '../codegen/Pair.js';
import { readGpr, readGpr64, writeGpr, writeGpr64 } from '../codegen/registers.js';
import { narrow } from '../codegen/widths.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { FlagKind } from '../flags/FlagOp.js';
import { FlagBits } from '../state/FlagBits.js';
import { setSomeFlags } from './someFlags.js';

const ACCUMULATOR: Record<number, Register> = { 8: Register.AL, 16: Register.AX, 32: Register.EAX, 64: Register.RAX };

function equalPairs(a: Pair, x: Pair): string {
  return `(${a.lo} === ${x.lo} && ${a.hi} === ${x.hi})`;
}

/**
 * CMPXCHG r/m, r: compares the accumulator with the destination (flags as CMP). Equal: the
 * destination takes the source. Not equal: the accumulator takes the destination. A memory
 * destination is written either way (with its own value when not equal), as the locked
 * read-modify-write of the hardware does; a register destination only when equal, and the
 * accumulator only when not (so only the register written is zero-extended, as on the host).
 */
const cmpxchg: Emitter = (b) => {
  const bits = operandBits(b, 0);
  const accumulator = ACCUMULATOR[bits]!;
  const inMemory = isMemoryOperand(b, 0);
  if (bits === 64) {
    const dest = readOperand64(b, 0);
    const src = readOperand64(b, 1);
    const acc = readGpr64(b, accumulator);
    const equal = b.temp(equalPairs(acc, dest));
    if (inMemory) writeOperand64(b, 0, { lo: `(${equal} ? ${src.lo} : ${dest.lo})`, hi: `(${equal} ? ${src.hi} : ${dest.hi})` });
    exchangeRegisters(b, equal, inMemory, () => writeOperand64(b, 0, src), () => writeGpr64(b, accumulator, dest));
    setFlags64(b, FlagKind.Sub, acc, dest, sub64(b, acc, dest));
  } else {
    const dest = readOperand(b, 0, bits);
    const src = readOperand(b, 1, bits);
    const acc = readGpr(b, accumulator);
    const equal = b.temp(`${acc} === ${dest}`);
    if (inMemory) writeOperand(b, 0, bits, `(${equal} ? ${src} : ${dest})`);
    exchangeRegisters(b, equal, inMemory, () => writeOperand(b, 0, bits, src), () => writeGpr(b, accumulator, dest));
    setFlags(b, FlagKind.Sub, bits, acc, dest, b.temp(narrow(`${acc} - ${dest}`, bits)));
  }
};

function exchangeRegisters(b: BlockBuilder, equal: string, inMemory: boolean, storeSource: () => void, loadAccumulator: () => void): void {
  if (!inMemory) {
    b.line(`if (${equal}) {`);
    storeSource();
    b.line('} else {');
  } else {
    b.line(`if (!${equal}) {`);
  }
  loadAccumulator();
  b.line('}');
}

/**
 * XADD r/m, r: the source takes the destination's value, the destination the sum. A memory
 * destination is written first (a fault changes nothing); a register one last, so that XADD of
 * a register with itself leaves the sum.
 */
const xadd: Emitter = (b) => {
  const bits = operandBits(b, 0);
  const inMemory = isMemoryOperand(b, 0);
  if (bits === 64) {
    const dest = readOperand64(b, 0);
    const src = readOperand64(b, 1);
    const sum = add64(b, dest, src);
    if (inMemory) writeOperand64(b, 0, sum);
    writeOperand64(b, 1, dest);
    if (!inMemory) writeOperand64(b, 0, sum);
    setFlags64(b, FlagKind.Add, dest, src, sum);
  } else {
    const dest = readOperand(b, 0, bits);
    const src = readOperand(b, 1, bits);
    const sum = b.temp(narrow(`${dest} + ${src}`, bits));
    if (inMemory) writeOperand(b, 0, bits, sum);
    writeOperand(b, 1, bits, dest);
    if (!inMemory) writeOperand(b, 0, bits, sum);
    setFlags(b, FlagKind.Add, bits, dest, src, sum);
  }
};

function select(condition: string, taken: Pair, kept: Pair): Pair {
  return { lo: `(${condition} ? ${taken.lo} : ${kept.lo})`, hi: `(${condition} ? ${taken.hi} : ${kept.hi})` };
}

/**
 * CMPXCHG8B/CMPXCHG16B: compares EDX:EAX (RDX:RAX) with the memory operand, one or two 8-byte
 * units; equal: memory takes ECX:EBX (RCX:RBX), else EDX:EAX (RDX:RAX) takes memory, which is
 * written back unchanged. Only ZF changes. The 16-byte form needs an aligned operand: #GP, which
 * Linux delivers as SIGSEGV with SI_KERNEL and no address.
 */
function compareExchangeWide(units: 1 | 2): Emitter {
  return (b) => {
    const address = effectiveAddress(b);
    if (units === 2) b.line(`if ((${address} & 15) !== 0) throw H.trap(${Signal.SIGSEGV}, ${SiCode.SI_KERNEL}, 0, 'cmpxchg16b: unaligned operand');`);
    const addresses = units === 1 ? [address] : [address, b.temp(`${address} + 8`)];
    const memory = addresses.map((a) => readMemory64(b, a));
    const expected = units === 1 ? [{ lo: readGpr(b, Register.EAX), hi: readGpr(b, Register.EDX) }] : [readGpr64(b, Register.RAX), readGpr64(b, Register.RDX)];
    const replacement = units === 1 ? [{ lo: readGpr(b, Register.EBX), hi: readGpr(b, Register.ECX) }] : [readGpr64(b, Register.RBX), readGpr64(b, Register.RCX)];
    const equal = b.temp(expected.map((value, i) => equalPairs(value, memory[i]!)).join(' && '));
    addresses.forEach((a, i) => writeMemory64(b, a, select(equal, replacement[i]!, memory[i]!)));
    b.line(`if (!${equal}) {`);
    if (units === 1) {
      writeGpr(b, Register.EAX, memory[0]!.lo);
      writeGpr(b, Register.EDX, memory[0]!.hi);
    } else {
      writeGpr64(b, Register.RAX, memory[0]!);
      writeGpr64(b, Register.RDX, memory[1]!);
    }
    b.line('}');
    setSomeFlags(b, FlagBits.ZF, `(${equal} ? ${FlagBits.ZF} : 0)`);
  };
}

/**
 * cmpxchg cmpxchg8b cmpxchg16b xadd. The LOCK prefix needs nothing more: guest tasks are switched
 * only between blocks, so every instruction is atomic with respect to the other tasks.
 */
export const atomicOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Cmpxchg]: cmpxchg,
    [Mnemonic.Xadd]: xadd,
    [Mnemonic.Cmpxchg8b]: compareExchangeWide(1),
    [Mnemonic.Cmpxchg16b]: compareExchangeWide(2),
  },
};
