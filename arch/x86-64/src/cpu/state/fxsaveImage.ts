import { type X86RegisterFile } from './X86RegisterFile.js';

/** FXSAVE's MXCSR_MASK, the MXCSR bits this host accepts: bits 0-15 (DAZ included) and MM (bit 17). */
export const MXCSR_MASK = 0x0002ffff;

/**
 * The 512-byte FXSAVE image of the x87, MXCSR and XMM state (Intel SDM vol. 1, 10.5.1), in the
 * 64-bit layout of the x87 pointers, or `withSelectors` in FXSAVE's without REX.W (X87State.saveImage).
 */
export function fxsaveImage(s: X86RegisterFile, withSelectors = false): Uint8Array {
  const image = new Uint8Array(512);
  const view = new DataView(image.buffer);
  s.x87.saveImage(image, withSelectors);
  view.setUint32(24, s.mxcsr, true);
  view.setUint32(28, MXCSR_MASK, true);
  image.set(s.xb, 160);
  return image;
}

/** FXRSTOR: loads the state back, in either layout of the x87 pointers; the caller has checked MXCSR's reserved bits. */
export function restoreFxsaveImage(s: X86RegisterFile, image: Uint8Array, withSelectors = false): void {
  const view = new DataView(image.buffer, image.byteOffset, 512);
  s.x87.restoreImage(image, withSelectors);
  s.mxcsr = view.getUint32(24, true);
  s.xb.set(image.subarray(160, 160 + 256));
}
