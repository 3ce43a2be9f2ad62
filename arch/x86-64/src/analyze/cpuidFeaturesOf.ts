import { icedAddress } from '../decode/ipOf.js';
import { CpuidFeature, Decoder, Instruction } from '../decode/iced.js';
import { DECODER_OPTIONS } from '../decode/decodeX86.js';

/** The CPUID features an instruction needs, by iced's names (AVX2, SSE4_1...): the class a refusal belongs to. */
export function cpuidFeaturesOf(bytes: Uint8Array, address: number): string[] {
  const decoder = new Decoder(64, bytes, DECODER_OPTIONS);
  const instruction = new Instruction();
  try {
    decoder.ip = icedAddress(address);
    decoder.decodeOut(instruction);
    return [...instruction.cpuidFeatures()].map((feature) => CpuidFeature[feature] ?? String(feature));
  } finally {
    instruction.free();
    decoder.free();
  }
}
