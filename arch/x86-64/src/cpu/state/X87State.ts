/**
 * The x87 FPU: eight 80-bit physical registers addressed as a stack through TOP, the tag word,
 * and the control and status words. Values stay in their 80-bit encoding so that nothing is
 * lost between instructions.
 */
export class X87State {
  /** Physical registers R0..R7, 10 bytes each, little endian as FXSAVE stores them. */
  readonly regs = new Uint8Array(80);
  top = 0;
  /** One bit per physical register: set when it holds a value (the FXSAVE abridged tag). */
  valid = 0;
  control = 0x037f;
  /** Status word without the TOP field (exception flags, C0-C3, ES, B). */
  status = 0;

  clone(): X87State {
    const copy = new X87State();
    copy.regs.set(this.regs);
    copy.top = this.top;
    copy.valid = this.valid;
    copy.control = this.control;
    copy.status = this.status;
    return copy;
  }

  /** The status word as FNSTSW shows it, TOP in bits 11-13. */
  get statusWord(): number {
    return (this.status & ~0x3800) | (this.top << 11);
  }
}
