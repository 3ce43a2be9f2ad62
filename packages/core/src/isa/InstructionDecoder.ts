import { type DecodedInstruction } from './DecodedInstruction.js';

/** Decode facet: bytes at an address to one instruction. */
export interface InstructionDecoder {
  /** Decodes the instruction at the start of `bytes`, or returns undefined when the bytes are not a valid instruction. */
  decode(bytes: Uint8Array, address: number): DecodedInstruction | undefined;
}
