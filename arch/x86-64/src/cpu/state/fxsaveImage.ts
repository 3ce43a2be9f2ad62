import { type X86RegisterFile } from './X86RegisterFile.js';

/** FXSAVE's MXCSR_MASK: the MXCSR bits this CPU supports (DAZ included). */
export const MXCSR_MASK = 0xffff;

/** The 512-byte FXSAVE image of the x87, MXCSR and XMM state (Intel SDM vol. 1, 10.5.1). */
export function fxsaveImage(s: X86RegisterFile): Uint8Array {
  const image = new Uint8Array(512);
  const view = new DataView(image.buffer);
  const x87 = s.x87;
  view.setUint16(0, x87.control, true);
  view.setUint16(2, x87.statusWord, true);
  view.setUint8(4, x87.valid);
  view.setUint32(24, s.mxcsr, true);
  view.setUint32(28, MXCSR_MASK, true);
  for (let i = 0; i < 8; i++) {
    const physical = (x87.top + i) & 7;
    image.set(x87.regs.subarray(physical * 10, physical * 10 + 10), 32 + 16 * i);
  }
  image.set(s.xb, 160);
  return image;
}

/** FXRSTOR: loads the state back; the caller has checked MXCSR's reserved bits. */
export function restoreFxsaveImage(s: X86RegisterFile, image: Uint8Array): void {
  const view = new DataView(image.buffer, image.byteOffset, 512);
  const x87 = s.x87;
  x87.control = view.getUint16(0, true);
  const status = view.getUint16(2, true);
  x87.top = (status >> 11) & 7;
  x87.status = status & ~0x3800;
  x87.valid = view.getUint8(4);
  s.mxcsr = view.getUint32(24, true);
  for (let i = 0; i < 8; i++) {
    const physical = (x87.top + i) & 7;
    x87.regs.set(image.subarray(32 + 16 * i, 32 + 16 * i + 10), physical * 10);
  }
  s.xb.set(image.subarray(160, 160 + 256));
}
