import { type X86RegisterFile } from '../state/X86RegisterFile.js';

/** A translated block: returns how many of its instructions retired. */
export type BlockFunction = (s: X86RegisterFile) => number;

export interface Block {
  readonly run: BlockFunction;
  readonly start: number;
  /** One past the last byte of the last instruction. */
  readonly end: number;
  readonly instructions: number;
  /** The bytes it was translated from, so that it can be reused when they come back. */
  readonly code: Uint8Array;
}
