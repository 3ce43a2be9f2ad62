import { type DecodedInstruction, type InstructionDecoder } from '@ubp/core';
import { readWord } from '../encoding/fields.js';
import { a64Flow } from '../encoding/flow.js';
import { A64Disassembler, type DisassemblyText } from './capstone.js';
import { fallbackText } from './fallbackText.js';

/**
 * The decode facet of arm64: the text comes from capstone, the flow, branch target and
 * PC-relative address from the encoding bits (capstone-wasm exposes no operand details).
 */
export class CapstoneInstructionDecoder implements InstructionDecoder {
  constructor(private readonly disassembler: A64Disassembler) {}

  decode(bytes: Uint8Array, address: number): DecodedInstruction | undefined {
    if (bytes.length < 4) return undefined;
    const copy = bytes.slice(0, 4);
    const word = readWord(copy);
    const text = this.disassembler.disassemble(copy, address) ?? fallbackText(word);
    if (text === undefined) return undefined;
    return { address, length: 4, bytes: copy, text: formatted(text), mnemonic: text.mnemonic, ...a64Flow(word, address) };
  }
}

function formatted(text: DisassemblyText): string {
  return text.operands === '' ? text.mnemonic : `${text.mnemonic} ${text.operands}`;
}

/** Loads capstone-wasm and returns a decoder; rejects with a one-line reason if it cannot load. */
export async function createCapstoneDecoder(): Promise<CapstoneInstructionDecoder> {
  return new CapstoneInstructionDecoder(await A64Disassembler.open());
}
