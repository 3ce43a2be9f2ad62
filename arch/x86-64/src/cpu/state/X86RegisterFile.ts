import { type GuestFault, type RegisterFile } from '@ubp/core';
import { type CpuTrap } from '../CpuTrap.js';
import { setStatusFlags, statusFlags } from '../flags/lazyFlags.js';
import { FLAGS_FIXED, FlagBits, STATUS_FLAGS } from './FlagBits.js';
import { GPR16, GPR32, GPR64, GPR8, GPR8_HIGH, RSP } from './gprNames.js';
import { X87State } from './X87State.js';

const TWO32 = 0x1_0000_0000;

/** Where a named register lives: a GPR slot and the bits of it the name covers. */
interface GprView {
  readonly slot: number;
  readonly bits: number;
  readonly shift: number;
}

const gprViews = new Map<string, GprView>();
GPR64.forEach((name, slot) => gprViews.set(name, { slot, bits: 64, shift: 0 }));
GPR32.forEach((name, slot) => gprViews.set(name, { slot, bits: 32, shift: 0 }));
GPR16.forEach((name, slot) => gprViews.set(name, { slot, bits: 16, shift: 0 }));
GPR8.forEach((name, slot) => gprViews.set(name, { slot, bits: 8, shift: 0 }));
GPR8_HIGH.forEach((name, slot) => gprViews.set(name, { slot, bits: 8, shift: 8 }));

const NAMES: readonly string[] = [...gprViews.keys(), 'rip', 'rflags', 'fs_base', 'gs_base'];

/**
 * The architectural state of one x86-64 task. Generated code reads and writes these fields
 * directly, so their representation is chosen for the hot path: each GPR is two int32 halves
 * in `r` (low at 2n, high at 2n+1), flags are lazy (`F`), addresses are exact JS numbers.
 */
export class X86RegisterFile implements RegisterFile {
  readonly r = new Int32Array(32);
  rip = 0;
  /** Lazy status flags; see FlagOp. */
  readonly F = new Int32Array(8);
  /** The non-status RFLAGS bits (DF, TF, IF, AC, ID...), kept as RFLAGS bits. */
  control = FlagBits.IF;
  /** Control bits the kernel set for its own use (TF while stepping a probe): PUSHF does not show them. */
  hiddenFlags = 0;
  fsBase = 0;
  gsBase = 0;
  readonly xmmBuffer = new ArrayBuffer(256);
  readonly x = new Int32Array(this.xmmBuffer);
  readonly xf = new Float32Array(this.xmmBuffer);
  readonly xd = new Float64Array(this.xmmBuffer);
  readonly xb = new Uint8Array(this.xmmBuffer);
  mxcsr = 0x1f80;
  x87 = new X87State();
  /** Current privilege level: 3 for user code, lower while an XOL slot runs in kernel space. */
  cpl = 3;
  /** Debug registers DR0-DR3 (execution breakpoint addresses) and the enable bits of DR7 (L0-L3). */
  readonly dr = new Float64Array(4);
  drEnabled = 0;
  /** RFLAGS.RF: the next instruction runs without matching the debug registers (set after a debug trap). */
  resume = false;
  /** A single-stepped REP string instruction did one iteration and has more: it restarts after the trap. */
  stringInterrupted = false;
  /** Set by generated code to leave the run loop (an ExitReason); 0 while running. */
  exit = 0;
  /** The fault that stopped the last block, when `exit` says Fault. */
  pendingFault: GuestFault | CpuTrap | undefined;

  get pc(): number {
    return this.rip;
  }

  set pc(value: number) {
    this.rip = value;
  }

  get sp(): number {
    return this.get64(RSP);
  }

  set sp(value: number) {
    this.set64(RSP, value);
  }

  /** A GPR as a signed number; exact when it holds an address. */
  get64(slot: number): number {
    return this.r[2 * slot + 1]! * TWO32 + (this.r[2 * slot]! >>> 0);
  }

  set64(slot: number, value: number): void {
    const lo = value % TWO32;
    this.r[2 * slot] = lo;
    this.r[2 * slot + 1] = Math.floor(value / TWO32);
  }

  get rflags(): number {
    return statusFlags(this.F) | this.control | FLAGS_FIXED;
  }

  set rflags(value: number) {
    setStatusFlags(this.F, value);
    this.control = value & ~STATUS_FLAGS & ~FLAGS_FIXED;
  }

  get names(): readonly string[] {
    return NAMES;
  }

  read(name: string): bigint {
    const view = gprViews.get(name);
    if (view !== undefined) {
      const full = (BigInt(this.r[2 * view.slot + 1]! >>> 0) << 32n) | BigInt(this.r[2 * view.slot]! >>> 0);
      return (full >> BigInt(view.shift)) & ((1n << BigInt(view.bits)) - 1n);
    }
    switch (name) {
      case 'rip':
        return BigInt.asUintN(64, BigInt(this.rip));
      case 'rflags':
        return BigInt(this.rflags);
      case 'fs_base':
        return BigInt.asUintN(64, BigInt(this.fsBase));
      case 'gs_base':
        return BigInt.asUintN(64, BigInt(this.gsBase));
      default:
        throw new Error(`unknown x86-64 register '${name}'`);
    }
  }

  write(name: string, value: bigint): void {
    const view = gprViews.get(name);
    if (view !== undefined) {
      const old = (BigInt(this.r[2 * view.slot + 1]! >>> 0) << 32n) | BigInt(this.r[2 * view.slot]! >>> 0);
      const mask = ((1n << BigInt(view.bits)) - 1n) << BigInt(view.shift);
      // Writing a 32-bit register zero-extends into the full register, as the hardware does.
      const base = view.bits === 32 ? 0n : old & ~mask;
      const full = BigInt.asUintN(64, base | ((value << BigInt(view.shift)) & mask));
      this.r[2 * view.slot] = Number(full & 0xffffffffn);
      this.r[2 * view.slot + 1] = Number(full >> 32n);
      return;
    }
    const signed = Number(BigInt.asIntN(64, value));
    switch (name) {
      case 'rip':
        this.rip = signed;
        return;
      case 'rflags':
        this.rflags = Number(value & 0xffffffffn);
        return;
      case 'fs_base':
        this.fsBase = signed;
        return;
      case 'gs_base':
        this.gsBase = signed;
        return;
      default:
        throw new Error(`unknown x86-64 register '${name}'`);
    }
  }

  clone(): X86RegisterFile {
    const copy = new X86RegisterFile();
    copy.r.set(this.r);
    copy.rip = this.rip;
    copy.F.set(this.F);
    copy.control = this.control;
    copy.fsBase = this.fsBase;
    copy.gsBase = this.gsBase;
    copy.xb.set(this.xb);
    copy.mxcsr = this.mxcsr;
    copy.x87 = this.x87.clone();
    copy.cpl = this.cpl;
    copy.dr.set(this.dr);
    copy.drEnabled = this.drEnabled;
    return copy;
  }
}
