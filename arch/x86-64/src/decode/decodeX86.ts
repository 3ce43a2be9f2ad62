import { icedAddress } from './ipOf.js';
import { Code, Decoder, DecoderOptions, Instruction } from './iced.js';
import { toX86Insn } from './toX86Insn.js';
import { type X86Insn } from './X86Insn.js';

/**
 * iced's AMD decoder: the host is an AMD processor, which honours an operand-size prefix on near
 * branches in 64-bit mode (16-bit RIP, 2-byte return addresses) where Intel ignores it. It also
 * decodes LOCK MOV CR0 as MOV CR8, UD0 without a ModRM byte, and REX.W far CALL/JMP and
 * LSS/LFS/LGS with a 32-bit offset, as AMD processors do.
 */
export const DECODER_OPTIONS = DecoderOptions.AMD;

/** The architectural limit: longer encodings raise #UD. */
export const MAX_INSTRUCTION_BYTES = 15;

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
  const decoder = new Decoder(64, bytes, DECODER_OPTIONS);
  const instruction = new Instruction();
  const instructions: X86Insn[] = [];
  let stop: DecodeStop | undefined;
  try {
    decoder.ip = icedAddress(address);
    while (instructions.length < limit) {
      if (!decoder.canDecode) {
        stop = 'truncated';
        break;
      }
      const offset = Number(decoder.position);
      decoder.decodeOut(instruction);
      if (instruction.code === Code.INVALID) {
        // iced reports a cut-off instruction as invalid too; tell the two apart by whether a longer read could help.
        stop = bytes.length - offset < MAX_INSTRUCTION_BYTES ? 'truncated' : 'invalid';
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
