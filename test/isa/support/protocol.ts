import { type IsaCase, type IsaResult, type IsaState, SECOND_PAGE_MODES, TIMEOUT, X87_IMAGE_SIZE } from './IsaState.js';
import { SCRATCH_SIZE } from './layout.js';

/*
 * The byte stream between the harness and isarunner.c, little-endian.
 *
 * Case:   u32 code length, u32 second-page mode (0 rw, 1 read-only, 2 unmapped), the code (`hostCode` if any),
 *         registers, then the scratch memory as changes from the previous case's (zero before the first).
 * Result: registers, u64 rip, i32 signal (0: reached a stop marker, -1: timeout), i32 si_code,
 *         u64 si_addr, then the scratch memory as changes from the case's own.
 * Registers (560 bytes): 16 GPRs (u64, encoding order), u64 rflags, u32 mxcsr, u32 padding, XMM0-15,
 *         then the x87 state as the first 160 bytes of an FXSAVE image (MXCSR and its mask zero).
 * Memory changes: a bitmap with one bit per 64-byte chunk (bit c%8 of byte c/8), then the chunks set in it.
 */

const X87_AT = 400;
const REGS_SIZE = X87_AT + X87_IMAGE_SIZE;
const OUTCOME_SIZE = 24;
const CHUNK = 64;
const CHUNKS = SCRATCH_SIZE / CHUNK;
const MASK_SIZE = CHUNKS / 8;

function changedChunks(before: Uint8Array, now: Uint8Array): number[] {
  if (Buffer.compare(before, now) === 0) return [];
  const a = new Uint32Array(before.buffer, before.byteOffset, SCRATCH_SIZE / 4);
  const b = new Uint32Array(now.buffer, now.byteOffset, SCRATCH_SIZE / 4);
  const chunks: number[] = [];
  const words = CHUNK / 4;
  for (let c = 0; c < CHUNKS; c++) {
    for (let i = c * words; i < (c + 1) * words; i++) {
      if (a[i] !== b[i]) {
        chunks.push(c);
        break;
      }
    }
  }
  return chunks;
}

function writeRegs(view: DataView, at: number, state: IsaState): void {
  for (let i = 0; i < 16; i++) view.setBigUint64(at + 8 * i, state.gpr[i]!, true);
  view.setBigUint64(at + 128, state.rflags, true);
  view.setUint32(at + 136, state.mxcsr, true);
  new Uint8Array(view.buffer, view.byteOffset + at + 144, 256).set(state.xmm);
  new Uint8Array(view.buffer, view.byteOffset + at + X87_AT, X87_IMAGE_SIZE).set(state.x87);
}

export function encodeCases(cases: readonly IsaCase[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let previous: Uint8Array = new Uint8Array(SCRATCH_SIZE);
  for (const c of cases) {
    const chunks = changedChunks(previous, c.state.memory);
    const code = c.hostCode ?? c.code;
    const bytes = new Uint8Array(8 + code.length + REGS_SIZE + MASK_SIZE + chunks.length * CHUNK);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, code.length, true);
    view.setUint32(4, SECOND_PAGE_MODES.indexOf(c.secondPage ?? 'rw'), true);
    bytes.set(code, 8);
    let at = 8 + code.length;
    writeRegs(view, at, c.state);
    at += REGS_SIZE;
    chunks.forEach((chunk, k) => {
      bytes[at + (chunk >> 3)]! |= 1 << (chunk & 7);
      bytes.set(c.state.memory.subarray(chunk * CHUNK, (chunk + 1) * CHUNK), at + MASK_SIZE + k * CHUNK);
    });
    parts.push(bytes);
    previous = c.state.memory;
  }
  return Buffer.concat(parts);
}

export function decodeResults(bytes: Uint8Array, cases: readonly IsaCase[]): IsaResult[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const results: IsaResult[] = [];
  let at = 0;
  for (const c of cases) {
    if (at + REGS_SIZE + OUTCOME_SIZE + MASK_SIZE > bytes.length) throw new Error(`isarunner stopped after ${results.length} of ${cases.length} cases`);
    // One aligned copy of the register block; the GPRs are a view on it.
    const regs = new Uint8Array(REGS_SIZE);
    regs.set(bytes.subarray(at, at + REGS_SIZE));
    const gpr = new BigUint64Array(regs.buffer, 0, 16);
    const rflags = view.getBigUint64(at + 128, true);
    const mxcsr = view.getUint32(at + 136, true);
    const xmm = regs.subarray(144, X87_AT);
    const x87 = regs.subarray(X87_AT, REGS_SIZE);
    at += REGS_SIZE;
    const rip = view.getBigUint64(at, true);
    const signal = view.getInt32(at + 8, true);
    const siCode = view.getInt32(at + 12, true);
    const siAddr = view.getBigUint64(at + 16, true);
    at += OUTCOME_SIZE;
    const memory = c.state.memory.slice();
    const mask = bytes.subarray(at, at + MASK_SIZE);
    at += MASK_SIZE;
    for (let chunk = 0; chunk < CHUNKS; chunk++) {
      if ((mask[chunk >> 3]! & (1 << (chunk & 7))) === 0) continue;
      memory.set(bytes.subarray(at, at + CHUNK), chunk * CHUNK);
      at += CHUNK;
    }
    const stopped = signal === 0;
    results.push({
      gpr,
      rflags,
      xmm,
      mxcsr,
      x87,
      memory,
      rip,
      signal: stopped ? undefined : signal,
      siCode: stopped || signal === TIMEOUT ? undefined : siCode,
      siAddr: stopped || signal === TIMEOUT ? undefined : siAddr,
    });
  }
  return results;
}
