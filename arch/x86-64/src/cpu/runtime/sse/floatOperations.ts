import { doubleArithmetic, doubleSquareRoot, singleArithmetic, singleSquareRoot, type BinaryOperation } from '../../softfloat/arithmetic.js';
import { doubleCompare, singleCompare, type Comparison } from '../../softfloat/compare.js';
import { doubleMaximum, doubleMinimum, singleMaximum, singleMinimum } from '../../softfloat/minMax.js';
import { doubleOperation, singleOperation, type FloatOperation, unboundedArithmetic } from './floatLanes.js';

/*
 * The slow-path descriptions of the SSE floating-point instructions, one per instruction form,
 * made once and shared by every block that uses them.
 */

export type Precision = 32 | 64;

const operations = new Map<string, FloatOperation>();

function shared(key: string, make: () => FloatOperation): FloatOperation {
  let op = operations.get(key);
  if (op === undefined) {
    op = make();
    operations.set(key, op);
  }
  return op;
}

export function arithmeticOperation(op: BinaryOperation, precision: Precision, lanes: number): FloatOperation {
  return shared(`${op} ${precision} ${lanes}`, () =>
    precision === 32
      ? singleOperation({ lanes, unary: false, unbounded: unboundedArithmetic(op, 32) }, (a, b, ctx) => singleArithmetic(op, a, b, ctx))
      : doubleOperation({ lanes, unary: false, unbounded: unboundedArithmetic(op, 64) }, (a, b, ctx) => doubleArithmetic(op, a, b, ctx)),
  );
}

export function squareRootOperation(precision: Precision, lanes: number): FloatOperation {
  return shared(`sqrt ${precision} ${lanes}`, () =>
    precision === 32
      ? singleOperation({ lanes, unary: true }, (a, _b, ctx) => singleSquareRoot(a, ctx))
      : doubleOperation({ lanes, unary: true }, (a, _b, ctx) => doubleSquareRoot(a, ctx)),
  );
}

/** MINxx/MAXxx: the second operand when either is a NaN or both are zeros. */
export function extremumOperation(maximum: boolean, precision: Precision, lanes: number): FloatOperation {
  return shared(`${maximum ? 'max' : 'min'} ${precision} ${lanes}`, () =>
    precision === 32
      ? singleOperation({ lanes, unary: false }, maximum ? singleMaximum : singleMinimum)
      : doubleOperation({ lanes, unary: false }, maximum ? doubleMaximum : doubleMinimum),
  );
}

/** The CMPxx predicates 0-7: EQ LT LE UNORD NEQ NLT NLE ORD; LT LE NLT NLE signal on QNaNs too. */
const PREDICATES: ReadonlyArray<(c: Comparison) => boolean> = [
  (c) => c === 'equal',
  (c) => c === 'less',
  (c) => c === 'less' || c === 'equal',
  (c) => c === 'unordered',
  (c) => c !== 'equal',
  (c) => c !== 'less',
  (c) => c !== 'less' && c !== 'equal',
  (c) => c !== 'unordered',
];

export function isSignalingPredicate(predicate: number): boolean {
  return predicate === 1 || predicate === 2 || predicate === 5 || predicate === 6;
}

/** CMPxx with predicate imm8[2:0]: each lane becomes all ones when the predicate holds, else zeros. */
export function comparisonOperation(predicate: number, precision: Precision, lanes: number): FloatOperation {
  const holds = PREDICATES[predicate]!;
  const signaling = isSignalingPredicate(predicate);
  return shared(`cmp${predicate} ${precision} ${lanes}`, () =>
    precision === 32
      ? singleOperation({ lanes, unary: false }, (a, b, ctx) => (holds(singleCompare(a, b, ctx, signaling)) ? 0xffffffff : 0))
      : doubleOperation({ lanes, unary: false }, (a, b, ctx) => (holds(doubleCompare(a, b, ctx, signaling)) ? 0xffffffffffffffffn : 0n)),
  );
}
