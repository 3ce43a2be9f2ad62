import { icedAddress } from './ipOf.js';
import { DECODER_OPTIONS } from './decodeX86.js';
import { Decoder, Formatter, FormatterSyntax, Instruction } from './iced.js';

let formatter: InstanceType<typeof Formatter> | undefined;

/** Intel-syntax disassembly of the instruction at the start of `bytes`. */
export function formatX86(bytes: Uint8Array, address: number): string {
  formatter ??= new Formatter(FormatterSyntax.Intel);
  const decoder = new Decoder(64, bytes, DECODER_OPTIONS);
  const instruction = new Instruction();
  try {
    decoder.ip = icedAddress(address);
    decoder.decodeOut(instruction);
    return formatter.format(instruction);
  } finally {
    instruction.free();
    decoder.free();
  }
}
