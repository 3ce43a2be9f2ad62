import { type BlockBuilder } from '../codegen/BlockBuilder.js';

/** Generates the code of one instruction form; `b.insn` is the instruction. */
export type Emitter = (b: BlockBuilder) => void;

/**
 * What an instruction-group file contributes to the dispatch table: emitters by mnemonic (one
 * semantic for every width and operand form), and by Code where forms differ.
 */
export interface OpsGroup {
  readonly mnemonics?: Readonly<Partial<Record<number, Emitter>>>;
  readonly codes?: Readonly<Partial<Record<number, Emitter>>>;
}
