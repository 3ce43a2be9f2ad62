import { type GuestAccess, type GuestMemory } from '@ubp/core';
import { fxsaveImage, MXCSR_MASK, restoreFxsaveImage } from '../../state/fxsaveImage.js';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { generalProtection } from './mxcsr.js';

/*
 * FXSAVE and FXSAVE64 store the image state/fxsaveImage.ts lays out; they differ only in the
 * layout of the x87 instruction and operand pointers: 64-bit offsets with REX.W, 32-bit offsets
 * and their selectors without (`withSelectors`), and FXRSTOR reads them the same way. Bytes
 * 416-511 are reserved or for software: FXSAVE leaves them alone and FXRSTOR ignores them.
 */

const IMAGE_SIZE = 512;
const WRITTEN = 416;

/**
 * This host checks the last byte of the image before the first: a fault on FXSAVE or FXRSTOR names
 * the image's last byte whenever that byte is inaccessible, even with the whole image in the bad page.
 */
function probeImage(M: GuestMemory, a: number, access: GuestAccess): void {
  M.pageFor(a + IMAGE_SIZE - 1, access);
  M.pageFor(a, access);
}

export function fxsave(s: X86RegisterFile, M: GuestMemory, a: number, withSelectors: boolean): void {
  probeImage(M, a, 'write');
  M.write(a, fxsaveImage(s, withSelectors).subarray(0, WRITTEN));
}

/** FXRSTOR: a reserved MXCSR bit in the image is a #GP, before anything is loaded. */
export function fxrstor(s: X86RegisterFile, M: GuestMemory, a: number, withSelectors: boolean): void {
  probeImage(M, a, 'read');
  const image = M.read(a, IMAGE_SIZE);
  if ((new DataView(image.buffer).getUint32(24, true) & ~MXCSR_MASK) !== 0) throw generalProtection('FXRSTOR of a reserved MXCSR bit');
  restoreFxsaveImage(s, image, withSelectors);
}
