import {
  comparisonEflags,
  doubleArithmetic,
  doubleCompare,
  doubleMaximum,
  doubleMinimum,
  doubleRoundToIntegral,
  doubleSquareRoot,
  doubleToInteger,
  doubleToSingle,
  examineExtended,
  extendedArctangent,
  extendedCompare,
  extendedCosine,
  extendedExtract,
  extendedFromBits,
  extendedFromDouble,
  extendedFromInteger,
  extendedFromSingle,
  extendedPartialRemainder,
  extendedRoundToIntegral,
  extendedScale,
  extendedSine,
  extendedSineCosine,
  extendedSquareRoot,
  extendedTangent,
  extendedTest,
  extendedToBits,
  extendedToDouble,
  extendedToInteger,
  extendedToSingle,
  extendedTwoToXMinusOne,
  extendedYLog2X,
  extendedYLog2XPlusOne,
  integerToDouble,
  integerToSingle,
  remainderConditionCodes,
  RoundingMode,
  singleArithmetic,
  singleCompare,
  singleMaximum,
  singleMinimum,
  singleRoundToIntegral,
  singleSquareRoot,
  singleToDouble,
  singleToInteger,
  sseContext,
  x87Arithmetic,
  x87ConditionCodes,
  x87Context,
  type BinaryOperation,
  type ExtendedFloat,
  type FloatContext,
  type IntegerWidth,
  type QuotientRounding,
} from '../index.js';
import { hex32, hex64, hex80 } from './cases.js';

/**
 * The library's answer to one oracle line, printed exactly as x87oracle.c
 * prints the host's: this is the glue a CPU would write around the library.
 */
export function emulate(line: string): string {
  const [op = '', control = '0', a = '0', b = '0'] = line.trim().split(/\s+/);
  const handler = HANDLERS[op];
  if (handler === undefined) throw new Error(`no emulation for ${op}`);
  return handler(parseInt(control, 16), a, b);
}

type Handler = (control: number, a: string, b: string) => string;
/** The results an instruction prints ahead of its status, from its context and oracle operands. */
type Results = (ctx: FloatContext, a: string, b: string) => string;

const f80 = (hex: string): ExtendedFloat => extendedFromBits(BigInt('0x' + hex));
const show80 = (x: ExtendedFloat): string => hex80(extendedToBits(x));
const f64 = (hex: string): bigint => BigInt('0x' + hex);
const f32 = (hex: string): number => parseInt(hex, 16);
const hexInteger = (value: bigint, width: IntegerWidth): string => BigInt.asUintN(width, value).toString(16).padStart(width / 4, '0');

function x87Status(ctx: FloatContext, conditionCodes = 0): string {
  return (ctx.flags | (ctx.c1 << 9) | conditionCodes).toString(16);
}

/** An x87 instruction under the control word, its status word after its results. */
function x87(results: Results): Handler {
  return (cw, a, b) => {
    const ctx = x87Context(cw);
    const printed = results(ctx, a, b);
    return `${printed} ${x87Status(ctx)}`;
  };
}

/** An SSE instruction under MXCSR, its flags after its results. */
function sse(results: Results): Handler {
  return (mxcsr, a, b) => {
    const ctx = sseContext(mxcsr);
    const printed = results(ctx, a, b);
    return `${printed} ${ctx.flags.toString(16)}`;
  };
}

function x87Unary(operation: (x: ExtendedFloat, ctx: FloatContext) => ExtendedFloat): Handler {
  return x87((ctx, a) => show80(operation(f80(a), ctx)));
}

function x87Binary(operation: (a: ExtendedFloat, b: ExtendedFloat, ctx: FloatContext) => ExtendedFloat): Handler {
  return x87((ctx, a, b) => show80(operation(f80(a), f80(b), ctx)));
}

function x87ArithmeticOf(op: BinaryOperation): Handler {
  return x87Binary((a, b, ctx) => x87Arithmetic(op, a, b, ctx));
}

/** fpatan/fyl2x/fyl2xp1 take x from ST(0) (the first oracle operand) and y from ST(1). */
function x87PopBinary(operation: (y: ExtendedFloat, x: ExtendedFloat, ctx: FloatContext) => ExtendedFloat): Handler {
  return x87Binary((x, y, ctx) => operation(y, x, ctx));
}

function sseDouble(operation: (a: bigint, b: bigint, ctx: FloatContext) => bigint): Handler {
  return sse((ctx, a, b) => hex64(operation(f64(a), f64(b), ctx)));
}

function sseSingle(operation: (a: number, b: number, ctx: FloatContext) => number): Handler {
  return sse((ctx, a, b) => hex32(operation(f32(a), f32(b), ctx)));
}

function sseDoubleArithmetic(op: BinaryOperation): Handler {
  return sseDouble((a, b, ctx) => doubleArithmetic(op, a, b, ctx));
}

function sseSingleArithmetic(op: BinaryOperation): Handler {
  return sseSingle((a, b, ctx) => singleArithmetic(op, a, b, ctx));
}

function x87Remainder(rounding: QuotientRounding): Handler {
  return (cw, a, b) => {
    const ctx = x87Context(cw);
    const result = extendedPartialRemainder(f80(a), f80(b), ctx, rounding);
    ctx.c1 = 0;
    return `${show80(result.remainder)} ${x87Status(ctx, remainderConditionCodes(result))}`;
  };
}

function x87Compare(signaling: boolean): Handler {
  return (cw, a, b) => {
    const ctx = x87Context(cw);
    return x87Status(ctx, x87ConditionCodes(extendedCompare(f80(a), f80(b), ctx, signaling)));
  };
}

function x87CompareEflags(signaling: boolean): Handler {
  return x87((ctx, a, b) => comparisonEflags(extendedCompare(f80(a), f80(b), ctx, signaling)).toString(16));
}

function x87StoreInteger(width: IntegerWidth, truncate: boolean): Handler {
  return x87((ctx, a) => hexInteger(extendedToInteger(f80(a), width, ctx, truncate ? RoundingMode.towardZero : ctx.rounding), width));
}

function x87LoadInteger(width: IntegerWidth): Handler {
  return x87((_ctx, a) => show80(extendedFromInteger(BigInt.asIntN(width, f64(a)))));
}

function sseToInteger(source: 'double' | 'single', width: 32 | 64, truncate: boolean): Handler {
  return sse((ctx, a) => {
    const rounding = truncate ? RoundingMode.towardZero : ctx.rounding;
    const value = source === 'double' ? doubleToInteger(f64(a), width, ctx, rounding) : singleToInteger(f32(a), width, ctx, rounding);
    return hexInteger(value, width);
  });
}

function sseFromInteger(target: 'double' | 'single', width: 32 | 64): Handler {
  return sse((ctx, a) => {
    const value = BigInt.asIntN(width, f64(a));
    return target === 'double' ? hex64(integerToDouble(value, ctx)) : hex32(integerToSingle(value, ctx));
  });
}

function sseCompare(format: 'double' | 'single', signaling: boolean): Handler {
  return sse((ctx, a, b) => {
    const comparison = format === 'double' ? doubleCompare(f64(a), f64(b), ctx, signaling) : singleCompare(f32(a), f32(b), ctx, signaling);
    return comparisonEflags(comparison).toString(16);
  });
}

const C2 = 0x400;
// What the oracle reads back from a register that was never pushed.
const EMPTY_REGISTER = 'ffffc000000000000000';

function x87Trigonometric(operation: (x: ExtendedFloat, ctx: FloatContext) => ExtendedFloat | undefined): Handler {
  return (cw, a) => {
    const ctx = x87Context(cw);
    const result = operation(f80(a), ctx);
    return result === undefined ? `${a} ${x87Status(ctx, C2)}` : `${show80(result)} ${x87Status(ctx)}`;
  };
}

const HANDLERS: Record<string, Handler> = {
  f2xm1: x87Unary(extendedTwoToXMinusOne),
  fsin: x87Trigonometric(extendedSine),
  fcos: x87Trigonometric(extendedCosine),
  fsincos: (cw, a) => {
    const ctx = x87Context(cw);
    const result = extendedSineCosine(f80(a), ctx);
    if (result === undefined) return `${a} ${EMPTY_REGISTER} ${x87Status(ctx, C2)}`;
    return `${show80(result.cosine)} ${show80(result.sine)} ${x87Status(ctx)}`;
  },
  fptan: (cw, a) => {
    const ctx = x87Context(cw);
    const result = extendedTangent(f80(a), ctx);
    if (result === undefined) return `${a} ${EMPTY_REGISTER} ${x87Status(ctx, C2)}`;
    return `${show80(result.pushed)} ${show80(result.tangent)} ${x87Status(ctx)}`;
  },
  fpatan: x87PopBinary(extendedArctangent),
  fyl2x: x87PopBinary(extendedYLog2X),
  fyl2xp1: x87PopBinary(extendedYLog2XPlusOne),
  fprem: x87Remainder('truncate'),
  fprem1: x87Remainder('nearest'),
  fscale: x87Binary(extendedScale),
  frndint: x87Unary(extendedRoundToIntegral),
  fxtract: x87((ctx, a) => {
    const parts = extendedExtract(f80(a), ctx);
    return `${show80(parts.significand)} ${show80(parts.exponent)}`;
  }),
  fxam: (cw, a) => x87Status(x87Context(cw), examineExtended(f80(a))),
  ftst: (cw, a) => {
    const ctx = x87Context(cw);
    return x87Status(ctx, x87ConditionCodes(extendedTest(f80(a), ctx)));
  },
  fcom: x87Compare(true),
  fucom: x87Compare(false),
  fcomi: x87CompareEflags(true),
  fucomi: x87CompareEflags(false),
  fld32: x87((ctx, a) => show80(extendedFromSingle(f32(a), ctx))),
  fld64: x87((ctx, a) => show80(extendedFromDouble(f64(a), ctx))),
  fst32: x87((ctx, a) => hex32(extendedToSingle(f80(a), ctx))),
  fst64: x87((ctx, a) => hex64(extendedToDouble(f80(a), ctx))),
  fist16: x87StoreInteger(16, false),
  fist32: x87StoreInteger(32, false),
  fist64: x87StoreInteger(64, false),
  fisttp16: x87StoreInteger(16, true),
  fisttp32: x87StoreInteger(32, true),
  fisttp64: x87StoreInteger(64, true),
  fild16: x87LoadInteger(16),
  fild32: x87LoadInteger(32),
  fild64: x87LoadInteger(64),
  cvtsd2ss: sse((ctx, a) => hex32(doubleToSingle(f64(a), ctx))),
  cvtss2sd: sse((ctx, a) => hex64(singleToDouble(f32(a), ctx))),
  cvtsd2si32: sseToInteger('double', 32, false),
  cvtsd2si64: sseToInteger('double', 64, false),
  cvttsd2si32: sseToInteger('double', 32, true),
  cvttsd2si64: sseToInteger('double', 64, true),
  cvtss2si32: sseToInteger('single', 32, false),
  cvtss2si64: sseToInteger('single', 64, false),
  cvttss2si32: sseToInteger('single', 32, true),
  cvttss2si64: sseToInteger('single', 64, true),
  cvtsi2sd32: sseFromInteger('double', 32),
  cvtsi2sd64: sseFromInteger('double', 64),
  cvtsi2ss32: sseFromInteger('single', 32),
  cvtsi2ss64: sseFromInteger('single', 64),
  roundsd: sse((ctx, imm, a) => hex64(doubleRoundToIntegral(f64(a), parseInt(imm, 16), ctx))),
  roundss: sse((ctx, imm, a) => hex32(singleRoundToIntegral(f32(a), parseInt(imm, 16), ctx))),
  comisd: sseCompare('double', true),
  ucomisd: sseCompare('double', false),
  comiss: sseCompare('single', true),
  ucomiss: sseCompare('single', false),
  minsd: sseDouble(doubleMinimum),
  maxsd: sseDouble(doubleMaximum),
  minss: sseSingle(singleMinimum),
  maxss: sseSingle(singleMaximum),
  fadd: x87ArithmeticOf('add'),
  fsub: x87ArithmeticOf('subtract'),
  fmul: x87ArithmeticOf('multiply'),
  fdiv: x87ArithmeticOf('divide'),
  fsqrt: x87Unary(extendedSquareRoot),
  addsd: sseDoubleArithmetic('add'),
  subsd: sseDoubleArithmetic('subtract'),
  mulsd: sseDoubleArithmetic('multiply'),
  divsd: sseDoubleArithmetic('divide'),
  sqrtsd: sseDouble((_a, b, ctx) => doubleSquareRoot(b, ctx)),
  addss: sseSingleArithmetic('add'),
  subss: sseSingleArithmetic('subtract'),
  mulss: sseSingleArithmetic('multiply'),
  divss: sseSingleArithmetic('divide'),
  sqrtss: sseSingle((_a, b, ctx) => singleSquareRoot(b, ctx)),
};
