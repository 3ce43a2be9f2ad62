/**
 * Software floating point for the x87 80-bit format and for SSE binary32 and
 * binary64, bit-exact with an x86-64 host (see the *.spec.ts oracle tests).
 * Every operation reports exceptions by OR-ing x87/MXCSR flag bits into a
 * FloatContext that the caller supplies and routes to the status word or MXCSR.
 */
export {
  EXTENDED_BIAS,
  EXTENDED_MAX_EXPONENT,
  EXTENDED_ONE,
  decodeExtended,
  encodeExtended,
  extendedFloat,
  extendedFromBits,
  extendedInfinity,
  extendedToBits,
  extendedZero,
  isExtendedDenormal,
  isExtendedInfinity,
  isExtendedNaN,
  isExtendedPseudoDenormal,
  isExtendedSignalingNaN,
  isExtendedUnsupported,
  isExtendedZero,
  realIndefinite,
  sameExtended,
  type ExtendedFloat,
  type FloatFields,
  type Sign,
} from './ExtendedFloat.js';
export * from './flags.js';
export * from './format.js';
export { roundPack } from './roundPack.js';
export * from './arithmetic.js';
export * from './remainder.js';
export * from './convert.js';
export * from './roundToIntegral.js';
export {
  comparisonEflags,
  doubleCompare,
  extendedCompare,
  extendedTest,
  singleCompare,
  x87ConditionCodes,
  type Comparison,
} from './compare.js';
export * from './minMax.js';
export * from './classify.js';
export * from './scale.js';
export * from './transcendental.js';
