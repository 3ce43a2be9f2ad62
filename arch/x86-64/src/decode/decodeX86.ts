import { Code, Decoder, DecoderOptions, Instruction } from './iced.js';
import { toX86Insn } from './toX86Insn.js';
import { type X86Insn } from './X86Insn.js';

/** The outcome for bytes that do not decode: invalid encoding, or the bytes ran out first. */
export type DecodeStop = 'invalid' | 'truncated';

export interface DecodedRun {
  readonly instructions: X86Insn[];
  /** Why decoding stopped before `limit` instructions, if it did. */
  readonly stop: DecodeStop | undefined;
}

/**
 * Decodes consecutive instructions from `bytes` (which start at `address`) until `limit`
 * instructions, the end of the bytes, or `stopAfter` says an instruction ends the run.
 */
export function decodeX86(bytes: Uint8Array, address: number, limit: number, stopAfter: (insn: X86Insn) => boolean): DecodedRun {
  const decoder = new Decoder(64, bytes, DecoderOptions.None);
  const instruction = new Instruction();
  const instructions: X86Insn[] = [];
  let stop: DecodeStop | undefined;
  try {
    decoder.ip = BigInt(address);
    while (instructions.length < limit) {
      if (!decoder.canDecode) {
        stop = 'truncated';
        break;
      }
      const offset = Number(decoder.position);
      decoder.decodeOut(instruction);
      if (instruction.code === Code.INVALID) {
        // iced reports a cut-off instruction as invalid too; tell the two apart by whether a longer read could help.
        stop = bytes.length - offset < 15 ? 'truncated' : 'invalid';
        break;
      }
      const insn = toX86Insn(instruction, bytes.slice(offset, offset + instruction.length));
      instructions.push(insn);
      if (stopAfter(insn)) break;
    }
  } finally {
    instruction.free();
    decoder.free();
  }
  return { instructions, stop };
}
