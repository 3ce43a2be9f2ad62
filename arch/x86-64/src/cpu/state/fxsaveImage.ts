import { type X86RegisterFile } from './X86RegisterFile.js';

/** FXSAVE's MXCSR_MASK, the MXCSR bits this host accepts: bits 0-15 (DAZ included) and MM (bit 17). */
export const MXCSR_MASK = 0x0002ffff;

/** The 512-byte FXSAVE image of the x87, MXCSR and XMM state (Intel SDM vol. 1, 10.5.1). */
export function fxsaveImage(s: X86RegisterFile): Uint8Array {
  const image = new Uint8Array(512);
  const view = new DataView(image.buffer);
  s.x87.saveImage(image);
  view.setUint32(24, s.mxcsr, true);
  view.setUint32(28, MXCSR_MASK, true);
  image.set(s.xb, 160);
  return image;
}

/** FXRSTOR: loads the state back; the caller has checked MXCSR's reserved bits. */
export function restoreFxsaveImage(s: X86RegisterFile, image: Uint8Array): void {
  const view = new DataView(image.buffer, image.byteOffset, 512);
  s.x87.restoreImage(image);
  s.mxcsr = view.getUint32(24, true);
  s.xb.set(image.subarray(160, 160 + 256));
}
