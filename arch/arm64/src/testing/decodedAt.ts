import { type DecodedInstruction } from '@ubp/core';
import { wordBytes } from '../encoding/fields.js';
import { a64Flow } from '../encoding/flow.js';

/** A decoded instruction for tests that need no disassembly text (and so no capstone). */
export function decodedAt(word: number, address: number): DecodedInstruction {
  const hex = word.toString(16).padStart(8, '0');
  return { address, length: 4, bytes: wordBytes(word), text: `.inst 0x${hex}`, mnemonic: '.inst', ...a64Flow(word, address) };
}
