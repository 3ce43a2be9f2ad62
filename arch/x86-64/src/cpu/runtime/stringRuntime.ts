import { type GuestMemory, PAGE_SIZE } from '@ubp/core';
import { FlagKind, flagOp } from '../flags/FlagOp.js';
import { FlagBits } from '../state/FlagBits.js';
import { type X86RegisterFile } from '../state/X86RegisterFile.js';

/** `mode` bits of the string helpers: the REP/REPE (F3) or REPNE (F2) prefix, and 32-bit addressing (0x67). */
export const StringMode = { Rep: 1, Repne: 2, Address32: 4 } as const;

const TWO32 = 4294967296;
const PAGE_MASK = PAGE_SIZE - 1;
const RAX = 0;
const RCX = 1;
const RSI = 6;
const RDI = 7;

/** RSI, RDI or RCX as an address or count: with 32-bit addressing only the low half, unsigned. */
function register(s: X86RegisterFile, slot: number, mode: number): number {
  const lo = s.r[2 * slot]! >>> 0;
  return mode & StringMode.Address32 ? lo : s.r[2 * slot + 1]! * TWO32 + lo;
}

/** Adds `delta` to RSI, RDI or RCX exactly; with 32-bit addressing the result is ESI/EDI/ECX, zero-extended. */
function advance(s: X86RegisterFile, slot: number, delta: number, mode: number): void {
  const t = (s.r[2 * slot]! >>> 0) + delta;
  s.r[2 * slot] = t;
  s.r[2 * slot + 1] = mode & StringMode.Address32 ? 0 : s.r[2 * slot + 1]! + Math.floor(t / TWO32);
}

/** The address of the element `done` elements past `start`, wrapped to 32 bits with 32-bit addressing. */
function elementAddress(start: number, done: number, step: number, mode: number, base: number): number {
  const a = start + done * step;
  return (mode & StringMode.Address32 ? a >>> 0 : a) + base;
}

function load(M: GuestMemory, a: number, size: number): number {
  return size === 1 ? M.r8(a) : size === 2 ? M.r16(a) : size === 4 ? M.r32(a) : M.r64(a);
}

function store(M: GuestMemory, a: number, size: number, lo: number, hi: number): void {
  if (size === 1) M.w8(a, lo & 0xff);
  else if (size === 2) M.w16(a, lo & 0xffff);
  else if (size === 4) M.w32(a, lo);
  else M.w64(a, lo, hi);
}

/** Elements from `a` on, in the direction of `step`, that lie wholly in a's page (0 when the first crosses its end). */
function room(a: number, size: number, step: number): number {
  const offset = a & PAGE_MASK;
  if (offset + size > PAGE_SIZE) return 0;
  return step > 0 ? Math.floor((PAGE_SIZE - offset) / size) : Math.floor(offset / size) + 1;
}

/**
 * How many elements MOVS may copy from `src` to `dst` as one block: both runs within a page,
 * and no element reading bytes an earlier element of the block wrote (the destination running
 * ahead of the source by less than the block), because element by element those reads would
 * see the new bytes. 0 means: copy one element the slow way.
 */
function blockLength(src: number, dst: number, remaining: number, size: number, step: number): number {
  const n = Math.min(remaining, room(src, size, step), room(dst, size, step));
  const lead = step > 0 ? dst - src : src - dst;
  return lead > 0 && lead < n * size ? Math.floor(lead / size) : n;
}

/** Copies one block of MOVS elements (or one element) and returns how many. The first element faults first, as on the hardware. */
function copyRun(M: GuestMemory, src: number, dst: number, remaining: number, size: number, step: number): number {
  const n = blockLength(src, dst, remaining, size, step);
  if (n <= 1) {
    const lo = load(M, src, size);
    store(M, dst, size, lo, M.hi);
    return 1;
  }
  M.checkReadable(src, size);
  M.checkWritable(dst, size);
  const lowest = step > 0 ? 0 : (n - 1) * size;
  M.writeSpan(dst - lowest, n * size).set(M.readSpan(src - lowest, n * size));
  return n;
}

/** Fills `span` with copies of the `size`-byte little-endian value hi:lo, doubling what is filled. */
function fillPattern(span: Uint8Array, size: number, lo: number, hi: number): void {
  if (size === 1) {
    span.fill(lo & 0xff);
    return;
  }
  for (let k = 0; k < size; k++) span[k] = k < 4 ? lo >>> (8 * k) : hi >>> (8 * (k - 4));
  for (let filled = size; filled < span.length; filled *= 2) span.copyWithin(filled, 0, Math.min(filled, span.length - filled));
}

function fillRun(M: GuestMemory, dst: number, remaining: number, size: number, step: number, lo: number, hi: number): number {
  const n = Math.min(remaining, room(dst, size, step));
  if (n <= 1) {
    store(M, dst, size, lo, hi);
    return 1;
  }
  M.checkWritable(dst, size);
  fillPattern(M.writeSpan(dst - (step > 0 ? 0 : (n - 1) * size), n * size), size, lo, hi);
  return n;
}

/**
 * Elements to process: RCX (ECX) with a REP prefix, else one. Under the trap flag the hardware
 * traps after every iteration with RIP still on the instruction, so a stepped REP instruction
 * does one element per step (and an out-of-line probe on it fires once per iteration, as on Linux).
 */
function elementCount(s: X86RegisterFile, mode: number): number {
  if ((mode & (StringMode.Rep | StringMode.Repne)) === 0) return 1;
  const count = register(s, RCX, mode);
  return (s.control & FlagBits.TF) !== 0 && count > 1 ? 1 : count;
}

/** After a stepped iteration: whether the REP instruction must run again (RCX left, and for CMPS/SCAS the condition holds). */
function interruptIfMore(s: X86RegisterFile, mode: number, more: boolean): void {
  if ((s.control & FlagBits.TF) !== 0 && (mode & (StringMode.Rep | StringMode.Repne)) !== 0 && more && register(s, RCX, mode) !== 0) s.stringInterrupted = true;
}

function signedStep(s: X86RegisterFile, size: number): number {
  return s.control & FlagBits.DF ? -size : size;
}

/**
 * Moves RSI and/or RDI past the `done` elements processed and takes them off RCX. Called
 * whether the run finished or an access faulted, so that a faulting REP instruction restarts
 * where it stopped; registers are not written when nothing was processed.
 */
function retire(s: X86RegisterFile, done: number, step: number, mode: number, pointers: readonly number[]): void {
  if (done === 0) return;
  for (const slot of pointers) advance(s, slot, done * step, mode);
  if (mode & (StringMode.Rep | StringMode.Repne)) advance(s, RCX, -done, mode);
}

const SOURCE_AND_DESTINATION = [RSI, RDI];
const DESTINATION = [RDI];
const SOURCE = [RSI];

/** MOVS: [RDI] = [RSI], in page-sized blocks where the runs allow it. `base` is the source's FS/GS base. */
function movs(s: X86RegisterFile, M: GuestMemory, size: number, mode: number, base: number): void {
  const step = signedStep(s, size);
  const count = elementCount(s, mode);
  const src = register(s, RSI, mode);
  const dst = register(s, RDI, mode);
  let done = 0;
  try {
    while (done < count) done += copyRun(M, elementAddress(src, done, step, mode, base), elementAddress(dst, done, step, mode, 0), count - done, size, step);
  } finally {
    retire(s, done, step, mode, SOURCE_AND_DESTINATION);
  }
  interruptIfMore(s, mode, true);
}

/** STOS: [RDI] = AL/AX/EAX/RAX, in page-sized blocks. */
function stos(s: X86RegisterFile, M: GuestMemory, size: number, mode: number): void {
  const step = signedStep(s, size);
  const count = elementCount(s, mode);
  const dst = register(s, RDI, mode);
  const lo = s.r[2 * RAX]!;
  const hi = s.r[2 * RAX + 1]!;
  let done = 0;
  try {
    while (done < count) done += fillRun(M, elementAddress(dst, done, step, mode, 0), count - done, size, step, lo, hi);
  } finally {
    retire(s, done, step, mode, DESTINATION);
  }
  interruptIfMore(s, mode, true);
}

/** Writes a loaded element to AL/AX/EAX/RAX with the usual merge (8, 16) or zero-extension (32). */
function setAccumulator(s: X86RegisterFile, size: number, lo: number, hi: number): void {
  const r = s.r;
  if (size === 1) r[0] = (r[0]! & ~0xff) | lo;
  else if (size === 2) r[0] = (r[0]! & ~0xffff) | lo;
  else {
    r[0] = lo;
    r[1] = size === 4 ? 0 : hi;
  }
}

/** LODS: AL/AX/EAX/RAX = [RSI]; with REP, the last element loaded stays. */
function lods(s: X86RegisterFile, M: GuestMemory, size: number, mode: number, base: number): void {
  const step = signedStep(s, size);
  const count = elementCount(s, mode);
  const src = register(s, RSI, mode);
  let done = 0;
  try {
    for (; done < count; done++) setAccumulator(s, size, load(M, elementAddress(src, done, step, mode, base), size), M.hi);
  } finally {
    retire(s, done, step, mode, SOURCE);
  }
  interruptIfMore(s, mode, true);
}

/** The operands of the last comparison of CMPS/SCAS, for the lazy flags: first minus second. */
let firstLo = 0;
let firstHi = 0;
let secondLo = 0;
let secondHi = 0;

/** Records the lazy Sub flags of the last comparison, as CMP would. */
function compareFlags(s: X86RegisterFile, size: number): void {
  const F = s.F;
  F[0] = flagOp(FlagKind.Sub, size * 8);
  F[1] = firstLo;
  F[2] = secondLo;
  if (size === 8) {
    const low = (firstLo >>> 0) - (secondLo >>> 0);
    F[3] = low;
    F[4] = firstHi;
    F[5] = secondHi;
    F[6] = firstHi - secondHi - (low < 0 ? 1 : 0);
  } else {
    F[3] = size === 4 ? firstLo - secondLo : (firstLo - secondLo) & (size === 1 ? 0xff : 0xffff);
  }
}

/** Whether a REPE/REPNE comparison loop goes on after comparing the last operands. */
function repeats(mode: number): boolean {
  const equal = firstLo === secondLo && firstHi === secondHi;
  return mode & StringMode.Repne ? !equal : equal;
}

/**
 * CMPS ([RSI] with [RDI]) and SCAS (the accumulator with [RDI]), with REPE/REPNE: element by
 * element, the flags those of the last comparison (unchanged when RCX was 0).
 */
function compareString(s: X86RegisterFile, M: GuestMemory, size: number, mode: number, base: number, withSource: boolean): void {
  const step = signedStep(s, size);
  const count = elementCount(s, mode);
  const src = register(s, RSI, mode);
  const dst = register(s, RDI, mode);
  const accumulatorLo = size === 1 ? s.r[0]! & 0xff : size === 2 ? s.r[0]! & 0xffff : s.r[0]!;
  const accumulatorHi = size === 8 ? s.r[1]! : 0;
  let done = 0;
  try {
    while (done < count) {
      if (withSource) {
        firstLo = load(M, elementAddress(src, done, step, mode, base), size);
        firstHi = size === 8 ? M.hi : 0;
      } else {
        firstLo = accumulatorLo;
        firstHi = accumulatorHi;
      }
      secondLo = load(M, elementAddress(dst, done, step, mode, 0), size);
      secondHi = size === 8 ? M.hi : 0;
      done++;
      compareFlags(s, size);
      if (!repeats(mode)) break;
    }
  } finally {
    retire(s, done, step, mode, withSource ? SOURCE_AND_DESTINATION : DESTINATION);
  }
  interruptIfMore(s, mode, done > 0 && repeats(mode));
}

function cmps(s: X86RegisterFile, M: GuestMemory, size: number, mode: number, base: number): void {
  compareString(s, M, size, mode, base, true);
}

function scas(s: X86RegisterFile, M: GuestMemory, size: number, mode: number): void {
  compareString(s, M, size, mode, 0, false);
}

/** Helpers the string instruction group's generated code calls as `H.name`. */
export const stringRuntime = { movs, stos, lods, cmps, scas };
