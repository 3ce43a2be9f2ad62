import { type FloatFields } from './ExtendedFloat.js';
import { type FloatContext } from './flags.js';
import { DOUBLE, doubleBitsFromFields, fieldsFromDoubleBits, fieldsFromSingleBits, SINGLE, singleBitsFromFields, type FloatFormat } from './format.js';
import { readOperand, type Operand } from './operand.js';

/** An SSE scalar format with its register encoding: binary64 lanes travel as bigint, binary32 lanes as number. */
export interface SseScalar<Bits> {
  readonly format: FloatFormat;
  readonly fields: (bits: Bits) => FloatFields;
  readonly bits: (fields: FloatFields) => Bits;
}

export const SSE_DOUBLE: SseScalar<bigint> = { format: DOUBLE, fields: fieldsFromDoubleBits, bits: doubleBitsFromFields };
export const SSE_SINGLE: SseScalar<number> = { format: SINGLE, fields: fieldsFromSingleBits, bits: singleBitsFromFields };

/** An SSE source operand: under DAZ a denormal reads as a zero, without DE. */
export function readSseOperand<Bits>(bits: Bits, scalar: SseScalar<Bits>, ctx: FloatContext): Operand {
  return readOperand(scalar.fields(bits), scalar.format, ctx.denormalsAreZero === true);
}
