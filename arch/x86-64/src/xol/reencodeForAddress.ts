import { Decoder, Encoder, Instruction } from '../decode/iced.js';
import { DECODER_OPTIONS } from '../decode/decodeX86.js';
import { icedAddress } from '../decode/ipOf.js';
import { type X86Insn } from '../decode/X86Insn.js';

/**
 * The instruction re-encoded to run at `address` with its RIP-relative operand still reaching
 * the same target (iced-x86's encoder recomputes the displacement), or undefined when the target
 * is out of a 32-bit displacement's reach from there.
 */
export function reencodeForAddress(insn: X86Insn, address: number): Uint8Array | undefined {
  const decoder = new Decoder(64, insn.bytes, DECODER_OPTIONS);
  const instruction = new Instruction();
  const encoder = new Encoder(64);
  try {
    decoder.ip = icedAddress(insn.address);
    decoder.decodeOut(instruction);
    encoder.encode(instruction, icedAddress(address));
    return encoder.takeBuffer();
  } catch {
    return undefined;
  } finally {
    encoder.free();
    instruction.free();
    decoder.free();
  }
}
