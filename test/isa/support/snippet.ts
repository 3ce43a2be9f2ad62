import { decodeX86, formatX86, type X86Insn } from '@ubp/arch-x86-64';
import { CODE_ADDRESS, STOP_MARKER } from './layout.js';

/** The instructions of a snippet as the emulator decodes them at CODE_ADDRESS. */
export function decodeSnippet(code: Uint8Array): X86Insn[] {
  return decodeX86(code, CODE_ADDRESS, 64, () => false).instructions;
}

/**
 * Intel-syntax listing of a snippet as the emulator decodes it (an instruction may run into the
 * int3 bytes after the snippet), instructions separated by '; ', after the bytes.
 */
export function disassemble(code: Uint8Array): string {
  const padded = Uint8Array.from([...code, ...new Array<number>(15).fill(STOP_MARKER)]);
  const inside = decodeSnippet(padded).filter((insn) => insn.address < CODE_ADDRESS + code.length);
  return `${hex(code)}: ${inside.map((insn) => formatX86(insn.bytes, insn.address)).join('; ')}`;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
