import { Mnemonic } from '../../decode/iced.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { isMmx, mmxRegister } from '../codegen/xmm.js';
import { type Emitter } from '../dispatch/Emitter.js';
import { emitX87, X87Kind } from './x87.js';

/*
 * What an MMX instruction does around its work, the MMX registers being the x87 registers
 * (X87State; Intel SDM vol. 1, 9.5-9.6, and this host):
 *
 * - like a waiting x87 control instruction, it first faults (#MF) while an unmasked x87 exception
 *   is pending, EMMS included, and records no last-instruction pointers;
 * - a write to MMn sets Rn's sign and exponent to all ones;
 * - once it can no longer fault on memory, it sets TOP to 0 and tags every register valid (EMMS:
 *   empty). A memory fault leaves the x87 state as it was, but for MASKMOVQ, which makes the
 *   transition before it stores; a SIMD exception (#XM) of a conversion comes after the
 *   transition. Those emitters make it themselves (`enterMmx`).
 *
 * CVTPI2PS and CVTPI2PD with a memory source touch no MMX register: they are SSE instructions
 * then, with none of this.
 */

function touchesMmx(b: BlockBuilder): boolean {
  return b.insn.mnemonic === Mnemonic.Emms || b.insn.operands.some((_, k) => isMmx(b, k));
}

/** The transition to the MMX state: TOP = 0, every register valid. */
export function enterMmx(b: BlockBuilder): void {
  b.line('s.x87.enterMmx();');
}

/**
 * An MMX form of `emit`, which does the instruction's work; `entersItself` when `emit` makes the
 * transition (`enterMmx`) before a SIMD exception can stop it.
 */
export function mmx(emit: Emitter, entersItself = false): Emitter {
  return (b) => {
    if (!touchesMmx(b)) {
      emit(b);
      return;
    }
    emitX87(b, X87Kind.control, () => {
      emit(b);
      if (isMmx(b, 0)) b.line(`s.x87.mmxWritten(${mmxRegister(b, 0)});`);
      if (!entersItself) enterMmx(b);
    });
  };
}
