import { type ExtendedFloat, type FloatFields } from './ExtendedFloat.js';
import { type FloatContext } from './flags.js';
import { EXTENDED } from './format.js';
import { invalidResult, propagateNaN, propagateX87NaN } from './nan.js';
import { isNaNOperand, readOperand, type Operand } from './operand.js';

/*
 * What an x87 arithmetic instruction settles before its own rules apply: C1 starts clear, an
 * unsupported encoding is invalid (IE and the indefinite), and a NaN operand is propagated. The
 * instruction's own rules then see only zeros, denormals, normals and infinities.
 */

export function withX87Operand(value: ExtendedFloat, ctx: FloatContext, rules: (x: Operand) => FloatFields): FloatFields {
  ctx.c1 = 0;
  const x = readOperand(value, EXTENDED);
  if (x.kind === 'unsupported') return invalidResult(EXTENDED, ctx);
  if (isNaNOperand(x)) return propagateNaN(x, EXTENDED, ctx);
  return rules(x);
}

export function withX87Operands(
  first: ExtendedFloat,
  second: ExtendedFloat,
  ctx: FloatContext,
  rules: (x: Operand, y: Operand) => FloatFields,
): FloatFields {
  ctx.c1 = 0;
  const x = readOperand(first, EXTENDED);
  const y = readOperand(second, EXTENDED);
  if (x.kind === 'unsupported' || y.kind === 'unsupported') return invalidResult(EXTENDED, ctx);
  if (isNaNOperand(x) || isNaNOperand(y)) return propagateX87NaN(x, y, EXTENDED, ctx);
  return rules(x, y);
}
