import { type X86Insn } from '../../decode/X86Insn.js';
import { type FlagSource } from './FlagSource.js';

/**
 * Accumulates the JavaScript source of one translated block. Emitters append code for one
 * instruction at a time through the helpers in this folder; the builder owns naming (fresh
 * locals, the constant pool) and the per-instruction context (liveness of flags, the memoised
 * effective address, the flag source for fused conditions).
 *
 * Inside the generated function these names are bound: `s` the register file, `R` its GPR
 * halves, `F` its lazy flags, `M` guest memory, `H` the runtime helpers, `C` the condition
 * evaluators, `K` the constant pool, and `n` the index of the instruction being executed.
 */
export class BlockBuilder {
  private readonly lines: string[] = [];
  private readonly pool: unknown[] = [];
  private temps = 0;
  insn!: X86Insn;
  index = 0;
  /** Whether the status flags this instruction writes may be read before they are overwritten. */
  flagsLive = true;
  flagSource: FlagSource | undefined;
  /** The instruction ended the block (it set `s.rip` and returned). */
  ended = false;
  private address: string | undefined;

  begin(insn: X86Insn, index: number, flagsLive: boolean, mayFault: boolean): void {
    this.insn = insn;
    this.index = index;
    this.flagsLive = flagsLive;
    this.address = undefined;
    this.line(`// ${insn.address.toString(16)}`);
    if (mayFault && index > 0) this.line(`n = ${index};`);
  }

  /** A point to return to with `rewind` when an emitter gives up on a form. */
  mark(): { lines: number; pool: number; flagSource: FlagSource | undefined } {
    return { lines: this.lines.length, pool: this.pool.length, flagSource: this.flagSource };
  }

  rewind(point: { lines: number; pool: number; flagSource: FlagSource | undefined }): void {
    this.lines.length = point.lines;
    this.pool.length = point.pool;
    this.flagSource = point.flagSource;
    this.ended = false;
  }

  line(code: string): void {
    this.lines.push(code);
  }

  /** Declares a new local initialised to `expr` and returns its name. */
  temp(expr: string): string {
    const name = `t${this.temps++}`;
    this.lines.push(`const ${name} = ${expr};`);
    return name;
  }

  /** Declares a new mutable local. */
  variable(expr: string): string {
    const name = `v${this.temps++}`;
    this.lines.push(`let ${name} = ${expr};`);
    return name;
  }

  /** A reference to `value` in the constant pool. */
  constant(value: unknown): string {
    this.pool.push(value);
    return `K[${this.pool.length - 1}]`;
  }

  /** The effective address of the current instruction's memory operand, computed once per instruction. */
  memoAddress(compute: () => string): string {
    this.address ??= this.temp(compute());
    return this.address;
  }

  /** Ends the block: the next instruction is at `ripExpr`; `retired` instructions of the block completed. */
  exitTo(ripExpr: string, retired = this.index + 1): void {
    this.line(`s.rip = ${ripExpr};`);
    this.line(`return ${retired};`);
    this.ended = true;
  }

  /** Ends the block after the current instruction with an exit reason for the run loop. */
  exitWith(reason: number, ripExpr: string): void {
    this.line(`s.exit = ${reason};`);
    this.exitTo(ripExpr);
  }

  get source(): string {
    return this.lines.join('\n');
  }

  get constants(): unknown[] {
    return this.pool;
  }
}
