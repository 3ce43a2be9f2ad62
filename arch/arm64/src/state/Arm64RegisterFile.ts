import { type RegisterFile } from '@ubp/core';

const TWO32 = 0x1_0000_0000;
/** Storage slot of SP, after X0-X30. */
const SP_SLOT = 31;
/** In the register fields of most instructions, 31 names the zero register rather than SP. */
const ZERO_REGISTER = 31;
export const LINK_REGISTER = 30;
const FRAME_POINTER = 29;
/** PSTATE.{N,Z,C,V} occupy bits 31:28, as MRS NZCV reads them. */
const NZCV_MASK = 0xf0000000;

/** Where a named register lives: a storage slot and how many of its low bits the name covers. */
interface RegisterView {
  readonly slot: number;
  readonly bits: 32 | 64;
}

const views = new Map<string, RegisterView>();
for (let n = 0; n <= 30; n++) {
  views.set(`x${n}`, { slot: n, bits: 64 });
  views.set(`w${n}`, { slot: n, bits: 32 });
}
views.set('lr', { slot: LINK_REGISTER, bits: 64 });
views.set('fp', { slot: FRAME_POINTER, bits: 64 });
views.set('sp', { slot: SP_SLOT, bits: 64 });

const NAMES: readonly string[] = [...views.keys(), 'pc', 'nzcv'];

/**
 * The user-visible integer state of one AArch64 task: X0-X30, SP, PC and PSTATE.NZCV. Each
 * 64-bit register is two int32 halves in `r` (low at 2n, high at 2n+1), the layout a CPU facet
 * would use on its hot path; addresses are exact JS numbers, signed like the core's.
 */
export class Arm64RegisterFile implements RegisterFile {
  readonly r = new Int32Array(64);
  pc = 0;
  nzcv = 0;
  /**
   * Whether the kernel has armed a software step for the task (TIF_SINGLESTEP: MDSCR_EL1.SS
   * set on return to EL0 and SPSR_EL1.SS in the saved PSTATE). No CPU facet exists to consume it.
   */
  singleStep = false;

  get sp(): number {
    return this.get64(SP_SLOT);
  }

  set sp(value: number) {
    this.set64(SP_SLOT, value);
  }

  /** A storage slot (X0-X30, SP) as a signed number, exact below 2^53 in magnitude. */
  get64(slot: number): number {
    return this.r[2 * slot + 1]! * TWO32 + (this.r[2 * slot]! >>> 0);
  }

  set64(slot: number, value: number): void {
    this.r[2 * slot] = value % TWO32;
    this.r[2 * slot + 1] = Math.floor(value / TWO32);
  }

  /** Low half of Xn, where n = 31 is the zero register. */
  xLow(n: number): number {
    return n === ZERO_REGISTER ? 0 : this.r[2 * n]!;
  }

  /** High half of Xn, where n = 31 is the zero register. */
  xHigh(n: number): number {
    return n === ZERO_REGISTER ? 0 : this.r[2 * n + 1]!;
  }

  /** Writes Xn; a write to the zero register (n = 31) is discarded. */
  setX(n: number, value: number): void {
    if (n !== ZERO_REGISTER) this.set64(n, value);
  }

  get names(): readonly string[] {
    return NAMES;
  }

  read(name: string): bigint {
    const view = views.get(name);
    if (view !== undefined) {
      const low = BigInt(this.r[2 * view.slot]! >>> 0);
      return view.bits === 32 ? low : (BigInt(this.r[2 * view.slot + 1]! >>> 0) << 32n) | low;
    }
    switch (name) {
      case 'pc':
        return BigInt.asUintN(64, BigInt(this.pc));
      case 'nzcv':
        return BigInt(this.nzcv >>> 0);
      default:
        throw new Error(`unknown arm64 register '${name}'`);
    }
  }

  write(name: string, value: bigint): void {
    const view = views.get(name);
    if (view !== undefined) {
      // A write to Wn clears the upper half of Xn, as every A64 instruction writing Wn does.
      const full = BigInt.asUintN(view.bits, value);
      this.r[2 * view.slot] = Number(full & 0xffffffffn);
      this.r[2 * view.slot + 1] = Number(full >> 32n);
      return;
    }
    switch (name) {
      case 'pc':
        this.pc = Number(BigInt.asIntN(64, value));
        return;
      case 'nzcv':
        this.nzcv = Number(value & BigInt(NZCV_MASK)) >>> 0;
        return;
      default:
        throw new Error(`unknown arm64 register '${name}'`);
    }
  }

  clone(): Arm64RegisterFile {
    const copy = new Arm64RegisterFile();
    copy.r.set(this.r);
    copy.pc = this.pc;
    copy.nzcv = this.nzcv;
    copy.singleStep = this.singleStep;
    return copy;
  }
}

/** The arm64 register file behind a core `RegisterFile`: the arm64 facets only run on arm64 tasks. */
export function arm64Registers(regs: RegisterFile): Arm64RegisterFile {
  if (!(regs instanceof Arm64RegisterFile)) throw new Error('an arm64 facet was given registers of another architecture');
  return regs;
}
