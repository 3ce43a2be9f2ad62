import { type ExtendedFloat, type Sign } from '../softfloat/index.js';
import { loadedPointer, pointerBits, pointerNumber } from './x87Pointers.js';

/** Status word bits (Intel SDM vol. 1, 8.1.3). */
export const X87Status = {
  invalid: 0x0001,
  denormal: 0x0002,
  divideByZero: 0x0004,
  overflow: 0x0008,
  underflow: 0x0010,
  precision: 0x0020,
  stackFault: 0x0040,
  errorSummary: 0x0080,
  c0: 0x0100,
  c1: 0x0200,
  c2: 0x0400,
  top: 0x3800,
  c3: 0x4000,
  busy: 0x8000,
} as const;

/** The six exception flags, which are also the six mask bits of the control word. */
export const X87_EXCEPTIONS = 0x3f;
/** What the status word keeps: ES and B are derived, TOP is kept apart. */
const STORED_STATUS = 0x477f;
/** Control word bits that exist (masks, PC, RC and the obsolete infinity control); bit 6 reads as one. */
const CONTROL_BITS = 0x1f3f;
const CONTROL_ONE = 0x0040;
export const X87_CONDITION_CODES = X87Status.c0 | X87Status.c1 | X87Status.c2 | X87Status.c3;

/** The full tag word's two-bit tags (FNSTENV, FNSAVE). */
export const Tag = { valid: 0, zero: 1, special: 2, empty: 3 } as const;

/** FXSAVE image offsets of the x87 part (64-bit layout, Intel SDM vol. 1, 10.5.1.1). */
const FX_CONTROL = 0;
const FX_STATUS = 2;
const FX_TAG = 4;
const FX_OPCODE = 6;
const FX_INSTRUCTION = 8;
const FX_DATA = 16;
const FX_REGISTERS = 32;
/** Bytes of a physical register's slot, here as in the FXSAVE image: its 80 bits, then six bytes that stay zero. */
const SLOT = 16;
const SLOT_LANES = SLOT / 4;
/** Bytes of an 80-bit register. */
export const X87_REGISTER_BYTES = 10;
/** The sign and exponent an MMX write leaves in the register it writes (Intel SDM vol. 1, 9.5.1). */
const MMX_EXPONENT = 0xffff;

/**
 * The x87 FPU: eight 80-bit physical registers addressed as a stack through TOP, the tag word,
 * and the control and status words. Values stay in their 80-bit encoding so that nothing is
 * lost between instructions; `read`/`write` convert to and from the softfloat's ExtendedFloat.
 *
 * The physical registers are also the MMX registers, as on the hardware (Intel SDM vol. 1, 9.5):
 * MMn is the low 64 bits (the significand) of physical register Rn, whatever TOP is. A write to
 * MMn sets Rn's sign and exponent to all ones (`mmxWritten`), and every MMX instruction sets
 * TOP to 0 and tags every register valid (`enterMmx`); EMMS tags them all empty (`emms`).
 */
export class X87State {
  /**
   * Physical registers R0..R7 in 16-byte slots, each little endian as FXSAVE stores it (the
   * significand, then the sign and exponent, then six zero bytes). As int32 lanes (`x`) a slot
   * is four lanes like an XMM register's, so that the SSE integer helpers run on MMn as lanes
   * 4n and 4n+1 (its sign and exponent are lane 4n+2).
   */
  readonly xb = new Uint8Array(8 * SLOT);
  readonly x = new Int32Array(this.xb.buffer);
  private readonly view = new DataView(this.xb.buffer);
  top = 0;
  /** One bit per physical register: set when it holds a value (the FXSAVE abridged tag). */
  valid = 0;
  private controlWord = 0x037f;
  /** The exception flags, SF and C0-C3; TOP, ES and B are not kept here (see `statusWord`). */
  status = 0;
  /**
   * The last non-control instruction (Intel SDM vol. 1, 8.1.8-8.1.9): its address and code
   * selector, its 11-bit opcode, and the offset and selector of the last memory operand such an
   * instruction used.
   */
  lastInstruction = 0;
  lastCodeSelector = 0;
  lastOpcode = 0;
  lastDataOffset = 0;
  lastDataSelector = 0;
  /** The pointers as FXRSTOR last loaded them (x87Pointers.ts). */
  private loadedInstruction = 0n;
  private loadedData = 0n;

  clone(): X87State {
    const copy = new X87State();
    copy.xb.set(this.xb);
    copy.top = this.top;
    copy.valid = this.valid;
    copy.controlWord = this.controlWord;
    copy.status = this.status;
    copy.lastInstruction = this.lastInstruction;
    copy.lastCodeSelector = this.lastCodeSelector;
    copy.lastOpcode = this.lastOpcode;
    copy.lastDataOffset = this.lastDataOffset;
    copy.lastDataSelector = this.lastDataSelector;
    copy.loadedInstruction = this.loadedInstruction;
    copy.loadedData = this.loadedData;
    return copy;
  }

  /** The control word; whatever is loaded, the reserved bits read as this host shows them. */
  get control(): number {
    return this.controlWord;
  }

  set control(word: number) {
    this.controlWord = (word & CONTROL_BITS) | CONTROL_ONE;
  }

  /** The last instruction pointer's 64 bits (FXSAVE64 stores them; FNSTENV and FXSAVE the low 32). */
  get instructionPointer(): bigint {
    return pointerBits(this.lastInstruction, this.loadedInstruction);
  }

  /** The last data pointer's 64 bits. */
  get dataPointer(): bigint {
    return pointerBits(this.lastDataOffset, this.loadedData);
  }

  /** The exception flags set whose exceptions are unmasked: a waiting instruction faults (#MF) while any is. */
  get pendingExceptions(): number {
    return this.status & ~this.controlWord & X87_EXCEPTIONS;
  }

  /**
   * The status word as FNSTSW shows it: TOP in bits 11-13, and ES and B set exactly while an
   * unmasked exception is pending, as this host derives them whenever the control or status
   * word is loaded.
   */
  get statusWord(): number {
    const summary = this.pendingExceptions !== 0 ? X87Status.errorSummary | X87Status.busy : 0;
    return (this.status & STORED_STATUS) | (this.top << 11) | summary;
  }

  set statusWord(word: number) {
    this.top = (word >> 11) & 7;
    this.status = word & STORED_STATUS;
  }

  /** FNINIT (and FNSAVE after storing): the power-up state of the FPU but for its registers' contents. */
  initialize(): void {
    this.control = 0x037f;
    this.status = 0;
    this.top = 0;
    this.valid = 0;
    this.lastInstruction = 0;
    this.lastCodeSelector = 0;
    this.lastOpcode = 0;
    this.lastDataOffset = 0;
    this.lastDataSelector = 0;
  }

  /** The physical register of ST(i). */
  physical(i: number): number {
    return (this.top + i) & 7;
  }

  isEmpty(i: number): boolean {
    return (this.valid & (1 << this.physical(i))) === 0;
  }

  /** ST(i), whatever its tag. */
  read(i: number): ExtendedFloat {
    return this.readPhysical(this.physical(i));
  }

  readPhysical(p: number): ExtendedFloat {
    const word = this.view.getUint16(SLOT * p + 8, true);
    return { sign: (word >> 15) as Sign, exponent: word & 0x7fff, significand: this.view.getBigUint64(SLOT * p, true) };
  }

  /** Stores into ST(i) and tags it valid. */
  write(i: number, value: ExtendedFloat): void {
    const p = this.physical(i);
    this.view.setBigUint64(SLOT * p, value.significand, true);
    this.view.setUint16(SLOT * p + 8, (value.sign << 15) | value.exponent, true);
    this.valid |= 1 << p;
  }

  /** The 80 bits of physical register `p`, as FNSAVE and FXSAVE store them (a view). */
  registerBytes(p: number): Uint8Array {
    return this.xb.subarray(SLOT * p, SLOT * p + X87_REGISTER_BYTES);
  }

  /** Loads physical register `p` from the first 10 of `bytes` (FRSTOR, FXRSTOR), its tag unchanged. */
  loadRegister(p: number, bytes: Uint8Array): void {
    this.xb.set(bytes.subarray(0, X87_REGISTER_BYTES), SLOT * p);
  }

  /** What every MMX instruction but EMMS does to the x87 state: TOP = 0 and every register tagged valid. */
  enterMmx(): void {
    this.top = 0;
    this.valid = 0xff;
  }

  /** After a write to MMn: the sign and exponent of Rn all ones (the slot's zero bytes above them stay zero). */
  mmxWritten(n: number): void {
    this.x[SLOT_LANES * n + 2] = MMX_EXPONENT;
  }

  /** EMMS: every register tagged empty; this host also sets TOP to 0, as the other MMX instructions do. */
  emms(): void {
    this.top = 0;
    this.valid = 0;
  }

  free(i: number): void {
    this.valid &= ~(1 << this.physical(i));
  }

  /** The full tag word: each physical register's tag computed from its contents, as FNSTENV stores it. */
  get tagWord(): number {
    let word = 0;
    for (let p = 0; p < 8; p++) word |= this.tagOf(p) << (2 * p);
    return word;
  }

  /** FLDENV/FRSTOR: only "empty" or not is kept; the other tags are recomputed from the contents. */
  set tagWord(word: number) {
    let valid = 0;
    for (let p = 0; p < 8; p++) if (((word >> (2 * p)) & 3) !== Tag.empty) valid |= 1 << p;
    this.valid = valid;
  }

  private tagOf(p: number): number {
    if ((this.valid & (1 << p)) === 0) return Tag.empty;
    const exponent = this.view.getUint16(SLOT * p + 8, true) & 0x7fff;
    const integerBit = (this.xb[SLOT * p + 7]! & 0x80) !== 0;
    if (exponent === 0) return this.view.getBigUint64(SLOT * p, true) === 0n ? Tag.zero : Tag.special;
    return exponent === 0x7fff || !integerBit ? Tag.special : Tag.valid;
  }

  /**
   * The x87 part of the FXSAVE image (bytes 0-23 and the register area from 32). Like this host,
   * FOP and the last instruction and data pointers are stored only while an unmasked exception
   * is pending (ES set); they are zeros otherwise. The pointers are 64-bit offsets (FXSAVE64, and
   * the kernel's images), or `withSelectors` (FXSAVE without REX.W) 32-bit offsets each followed
   * by its 16-bit selector and two zero bytes.
   */
  saveImage(image: Uint8Array, withSelectors = false): void {
    const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
    view.setUint16(FX_CONTROL, this.control, true);
    view.setUint16(FX_STATUS, this.statusWord, true);
    image[FX_TAG] = this.valid;
    image[FX_TAG + 1] = 0;
    const pending = this.pendingExceptions !== 0;
    view.setUint16(FX_OPCODE, pending ? this.lastOpcode : 0, true);
    const pointer = (bits: bigint, selector: number): bigint => {
      if (!pending) return 0n;
      return withSelectors ? (BigInt(selector & 0xffff) << 32n) | (bits & 0xffffffffn) : bits;
    };
    view.setBigUint64(FX_INSTRUCTION, pointer(this.instructionPointer, this.lastCodeSelector), true);
    view.setBigUint64(FX_DATA, pointer(this.dataPointer, this.lastDataSelector), true);
    for (let i = 0; i < 8; i++) {
      const slot = FX_REGISTERS + SLOT * i;
      image.set(this.registerBytes(this.physical(i)), slot);
      image.fill(0, slot + X87_REGISTER_BYTES, slot + SLOT);
    }
  }

  /**
   * FXRSTOR of the x87 part; the caller has checked MXCSR. Unlike FXSAVE, this host loads FOP and
   * the pointers whatever ES says. The 64-bit layout has no selectors, which become zero;
   * `withSelectors` (FXRSTOR without REX.W) loads 32-bit offsets, zero-extended, and the selectors.
   */
  restoreImage(image: Uint8Array, withSelectors = false): void {
    const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
    this.control = view.getUint16(FX_CONTROL, true);
    this.statusWord = view.getUint16(FX_STATUS, true);
    this.valid = image[FX_TAG]!;
    this.lastOpcode = view.getUint16(FX_OPCODE, true) & 0x7ff;
    const pointer = (at: number): bigint => (withSelectors ? BigInt(view.getUint32(at, true)) : loadedPointer(view.getBigUint64(at, true)));
    this.loadedInstruction = pointer(FX_INSTRUCTION);
    this.loadedData = pointer(FX_DATA);
    this.lastInstruction = pointerNumber(this.loadedInstruction);
    this.lastDataOffset = pointerNumber(this.loadedData);
    this.lastCodeSelector = withSelectors ? view.getUint16(FX_INSTRUCTION + 4, true) : 0;
    this.lastDataSelector = withSelectors ? view.getUint16(FX_DATA + 4, true) : 0;
    for (let i = 0; i < 8; i++) this.loadRegister(this.physical(i), image.subarray(FX_REGISTERS + SLOT * i));
  }
}
