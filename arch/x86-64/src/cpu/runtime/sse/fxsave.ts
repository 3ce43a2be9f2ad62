import { type GuestAccess, type GuestMemory } from '@ubp/core';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { generalProtection, MXCSR_MASK } from './mxcsr.js';

/*
 * The FXSAVE image (Intel SDM vol. 1, 10.5.1, 64-bit layout): FCW at 0, FSW at 2, the abridged tag
 * (one bit per physical register, set when valid) at 4, FOP at 6, the x87 instruction and data
 * pointers at 8 and 16, MXCSR at 24, MXCSR_MASK at 28, ST(0)-ST(7) in 16-byte slots from 32 (in
 * stack order, 10 bytes each, the rest zero), XMM0-XMM15 from 160. Bytes 416-511 are reserved or
 * for software and are left alone. The CPU keeps no x87 last-instruction or operand pointers:
 * FOP and the pointers are stored as zeros, which is also what this host stores while no x87
 * exception is pending. FXSAVE and FXSAVE64 differ only in how those pointers are laid out.
 */

const IMAGE_SIZE = 512;
const WRITTEN = 416;
const ST_AREA = 32;
const XMM_AREA = 160;

/**
 * This host checks the last byte of the image before the first: a fault on FXSAVE or FXRSTOR names
 * the image's last byte whenever that byte is inaccessible, even with the whole image in the bad page.
 */
function probeImage(M: GuestMemory, a: number, access: GuestAccess): void {
  M.pageFor(a + IMAGE_SIZE - 1, access);
  M.pageFor(a, access);
}

function physicalRegister(top: number, i: number): number {
  return (top + i) & 7;
}

export function fxsave(s: X86RegisterFile, M: GuestMemory, a: number): void {
  const image = new Uint8Array(WRITTEN);
  const view = new DataView(image.buffer);
  const x87 = s.x87;
  view.setUint16(0, x87.control, true);
  view.setUint16(2, x87.statusWord, true);
  image[4] = x87.valid;
  view.setUint32(24, s.mxcsr, true);
  view.setUint32(28, MXCSR_MASK, true);
  for (let i = 0; i < 8; i++) {
    const r = physicalRegister(x87.top, i);
    image.set(x87.regs.subarray(10 * r, 10 * r + 10), ST_AREA + 16 * i);
  }
  image.set(s.xb, XMM_AREA);
  probeImage(M, a, 'write');
  M.write(a, image);
}

/** FXRSTOR: a reserved MXCSR bit in the image is a #GP, before anything is loaded. */
export function fxrstor(s: X86RegisterFile, M: GuestMemory, a: number): void {
  probeImage(M, a, 'read');
  const image = M.read(a, IMAGE_SIZE);
  const view = new DataView(image.buffer);
  const mxcsr = view.getUint32(24, true);
  if ((mxcsr & ~MXCSR_MASK) !== 0) throw generalProtection('FXRSTOR of a reserved MXCSR bit');
  const x87 = s.x87;
  const status = view.getUint16(2, true);
  x87.control = view.getUint16(0, true);
  x87.top = (status >> 11) & 7;
  x87.status = status & ~0x3800;
  x87.valid = image[4]!;
  for (let i = 0; i < 8; i++) {
    const r = physicalRegister(x87.top, i);
    x87.regs.set(image.subarray(ST_AREA + 16 * i, ST_AREA + 16 * i + 10), 10 * r);
  }
  s.mxcsr = mxcsr;
  s.xb.set(image.subarray(XMM_AREA, XMM_AREA + 256));
}
