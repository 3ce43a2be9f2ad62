import { realIndefinite } from '../../softfloat/index.js';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { eitherEmpty, pop, report, stackFault } from './fpu.js';

/** FXCH ST(i): with an empty register, the masked response exchanges the real indefinite for it. */
export function fxch(s: X86RegisterFile, i: number): void {
  const x87 = s.x87;
  if (eitherEmpty(x87, 0, i)) {
    if (!stackFault(x87, false)) return;
    if (x87.isEmpty(0)) x87.write(0, realIndefinite());
    if (x87.isEmpty(i)) x87.write(i, realIndefinite());
  } else {
    report(x87, 0, 0);
  }
  const top = x87.read(0);
  x87.write(0, x87.read(i));
  x87.write(i, top);
}

/**
 * FCMOVcc: an empty register is an underflow whether the condition holds or not. Otherwise C1
 * stays as it was on this host (the SDM says only "set to 0 if stack underflow occurred").
 */
export function fcmov(s: X86RegisterFile, i: number, condition: boolean): void {
  const x87 = s.x87;
  if (eitherEmpty(x87, 0, i)) {
    if (stackFault(x87, false)) x87.write(0, realIndefinite());
    return;
  }
  if (condition) x87.write(0, x87.read(i));
}

/** FFREE ST(i), and FFREEP (popping after). */
export function ffree(s: X86RegisterFile, i: number, popAfter: boolean): void {
  const x87 = s.x87;
  x87.free(i);
  if (popAfter) pop(x87);
}

/** FINCSTP (+1) and FDECSTP (-1): TOP moves, the tags stay. */
export function rotateStack(s: X86RegisterFile, delta: number): void {
  const x87 = s.x87;
  report(x87, 0, 0);
  x87.top = (x87.top + delta) & 7;
}

/** FNCLEX: the exception flags, SF (and so ES and B) cleared. */
export function fnclex(s: X86RegisterFile): void {
  s.x87.status &= ~0x7f;
}
