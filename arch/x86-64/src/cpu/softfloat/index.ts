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
export {
  FloatFlag,
  RoundingMode,
  raiseFlags,
  sseContext,
  x87Context,
  type FloatContext,
  type PrecisionControl,
} from './flags.js';
export {
  DOUBLE,
  EXTENDED,
  SINGLE,
  doubleBitsFromFields,
  fieldsFromDoubleBits,
  fieldsFromSingleBits,
  float32BitsOf,
  float64BitsOf,
  numberFromFloat32Bits,
  numberFromFloat64Bits,
  singleBitsFromFields,
  type FloatFormat,
} from './format.js';
export { roundPack } from './roundPack.js';
export {
  doubleAdd,
  doubleArithmetic,
  doubleDivide,
  doubleMultiply,
  doubleSquareRoot,
  doubleSubtract,
  extendedAdd,
  extendedDivide,
  extendedMultiply,
  extendedSquareRoot,
  extendedSubtract,
  singleAdd,
  singleArithmetic,
  singleDivide,
  singleMultiply,
  singleSquareRoot,
  singleSubtract,
  x87Arithmetic,
  type BinaryOperation,
} from './arithmetic.js';
export {
  extendedPartialRemainder,
  remainderConditionCodes,
  type PartialRemainder,
  type QuotientRounding,
} from './remainder.js';
export {
  convertFloat,
  doubleToInteger,
  doubleToSingle,
  extendedFromDouble,
  extendedFromInteger,
  extendedFromNumber,
  extendedFromSingle,
  extendedToDouble,
  extendedToInteger,
  extendedToSingle,
  integerIndefinite,
  integerToDouble,
  integerToSingle,
  numberFromExtended,
  singleToDouble,
  singleToInteger,
  type IntegerWidth,
} from './convert.js';
export { doubleRoundToIntegral, extendedRoundToIntegral, singleRoundToIntegral } from './roundToIntegral.js';
export {
  comparisonEflags,
  doubleCompare,
  extendedCompare,
  extendedTest,
  singleCompare,
  x87ConditionCodes,
  type Comparison,
} from './compare.js';
export { doubleMaximum, doubleMinimum, singleMaximum, singleMinimum } from './minMax.js';
export { ConditionCode, EXAMINE_EMPTY, examineExtended } from './classify.js';
export { extendedExtract, extendedScale, type ExtractedParts } from './scale.js';
export {
  extendedArctangent,
  extendedCosine,
  extendedSine,
  extendedSineCosine,
  extendedTangent,
  extendedTwoToXMinusOne,
  extendedYLog2X,
  extendedYLog2XPlusOne,
  type PartialTangent,
  type SineAndCosine,
} from './transcendental.js';
