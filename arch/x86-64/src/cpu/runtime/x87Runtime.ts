import { fabs, fchs, fpuArithmetic, fpuArithmeticMemory, fprem, fprem1, frndint, fscale, fsqrt, fxtract } from './x87/arithmetic.js';
import { fpuCompare, fpuCompareFlags, fpuCompareMemory, ftst, fxam } from './x87/compare.js';
import { fldenv, fnsave, fnstenv, frstor } from './x87/environment.js';
import { pendingException } from './x87/fpu.js';
import { fldConstant, fldMemory, fldRegister } from './x87/load.js';
import { fcmov, ffree, fnclex, fxch, rotateStack } from './x87/registers.js';
import { fstMemory, fstpNoUnderflow, fstRegister } from './x87/store.js';
import { f2xm1, fcos, fpatan, fptan, fsin, fsincos, fyl2x, fyl2xp1 } from './x87/transcendental.js';

/** Helpers the x87 instruction group's generated code calls as `H.name`. */
export const x87Runtime = {
  x87Pending: pendingException,
  fldMemory,
  fldRegister,
  fldConstant,
  fstMemory,
  fstRegister,
  fstpNoUnderflow,
  fpuArithmetic,
  fpuArithmeticMemory,
  fchs,
  fabs,
  fsqrt,
  frndint,
  fscale,
  fxtract,
  fprem,
  fprem1,
  fpuCompare,
  fpuCompareMemory,
  fpuCompareFlags,
  ftst,
  fxam,
  fxch,
  fcmov,
  ffree,
  rotateStack,
  fnclex,
  fnstenv,
  fldenv,
  fnsave,
  frstor,
  f2xm1,
  fsin,
  fcos,
  fsincos,
  fptan,
  fyl2x,
  fyl2xp1,
  fpatan,
};
