import { Decoder, DecoderOptions, Formatter, FormatterSyntax, Instruction } from './iced.js';

let formatter: InstanceType<typeof Formatter> | undefined;

/** Intel-syntax disassembly of the instruction at the start of `bytes`. */
export function formatX86(bytes: Uint8Array, address: number): string {
  formatter ??= new Formatter(FormatterSyntax.Intel);
  const decoder = new Decoder(64, bytes, DecoderOptions.None);
  const instruction = new Instruction();
  try {
    decoder.ip = BigInt(address);
    decoder.decodeOut(instruction);
    return formatter.format(instruction);
  } finally {
    instruction.free();
    decoder.free();
  }
}
