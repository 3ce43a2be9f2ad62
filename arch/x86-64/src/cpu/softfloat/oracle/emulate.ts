import {
  doubleArithmetic,
  doubleSquareRoot,
  extendedSquareRoot,
  singleArithmetic,
  singleSquareRoot,
  x87Arithmetic,
  type BinaryOperation,
} from '../arithmetic.js';
import { examineExtended } from '../classify.js';
import {
  comparisonEflags,
  doubleCompare,
  extendedCompare,
  extendedTest,
  singleCompare,
  x87ConditionCodes,
} from '../compare.js';
import {
  doubleToInteger,
  doubleToSingle,
  extendedFromDouble,
  extendedFromInteger,
  extendedFromSingle,
  extendedToDouble,
  extendedToInteger,
  extendedToSingle,
  integerToDouble,
  integerToSingle,
  singleToDouble,
  singleToInteger,
  type IntegerWidth,
} from '../convert.js';
import { extendedFromBits, extendedToBits, type ExtendedFloat } from '../ExtendedFloat.js';
import { RoundingMode, sseContext, x87Context, type FloatContext } from '../flags.js';
import { doubleMaximum, doubleMinimum, singleMaximum, singleMinimum } from '../minMax.js';
import { extendedPartialRemainder, remainderConditionCodes, type QuotientRounding } from '../remainder.js';
import { doubleRoundToIntegral, extendedRoundToIntegral, singleRoundToIntegral } from '../roundToIntegral.js';
import { extendedExtract, extendedScale } from '../scale.js';
import {
  extendedArctangent,
  extendedCosine,
  extendedSine,
  extendedSineCosine,
  extendedTangent,
  extendedTwoToXMinusOne,
  extendedYLog2X,
  extendedYLog2XPlusOne,
} from '../transcendental.js';
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

function x87Status(ctx: FloatContext, conditionCodes = 0): string {
  return (ctx.flags | (ctx.c1 << 9) | conditionCodes).toString(16);
}

const f80 = (hex: string): ExtendedFloat => extendedFromBits(BigInt('0x' + hex));
const show80 = (x: ExtendedFloat): string => hex80(extendedToBits(x));

function x87Binary(op: BinaryOperation): Handler {
  return (cw, a, b) => {
    const ctx = x87Context(cw);
    const result = x87Arithmetic(op, f80(a), f80(b), ctx);
    return `${show80(result)} ${x87Status(ctx)}`;
  };
}

function x87Unary(operation: (x: ExtendedFloat, ctx: FloatContext) => ExtendedFloat): Handler {
  return (cw, a) => {
    const ctx = x87Context(cw);
    const result = operation(f80(a), ctx);
    return `${show80(result)} ${x87Status(ctx)}`;
  };
}

function sseDouble(op: BinaryOperation): Handler {
  return (mxcsr, a, b) => {
    const ctx = sseContext(mxcsr);
    return `${hex64(doubleArithmetic(op, BigInt('0x' + a), BigInt('0x' + b), ctx))} ${ctx.flags.toString(16)}`;
  };
}

function sseSingle(op: BinaryOperation): Handler {
  return (mxcsr, a, b) => {
    const ctx = sseContext(mxcsr);
    return `${hex32(singleArithmetic(op, parseInt(a, 16), parseInt(b, 16), ctx))} ${ctx.flags.toString(16)}`;
  };
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
  return (cw, a, b) => {
    const ctx = x87Context(cw);
    const flags = comparisonEflags(extendedCompare(f80(a), f80(b), ctx, signaling));
    return `${flags.toString(16)} ${x87Status(ctx)}`;
  };
}

const hexInteger = (value: bigint, width: IntegerWidth): string =>
  BigInt.asUintN(width, value).toString(16).padStart(width / 4, '0');

function x87StoreInteger(width: IntegerWidth, truncate: boolean): Handler {
  return (cw, a) => {
    const ctx = x87Context(cw);
    const value = extendedToInteger(f80(a), width, ctx, truncate ? RoundingMode.towardZero : ctx.rounding);
    return `${hexInteger(value, width)} ${x87Status(ctx)}`;
  };
}

function x87LoadInteger(width: IntegerWidth): Handler {
  return (cw, a) => {
    const ctx = x87Context(cw);
    const value = BigInt.asIntN(width, BigInt('0x' + a));
    return `${show80(extendedFromInteger(value))} ${x87Status(ctx)}`;
  };
}

function sseToInteger(source: 'double' | 'single', width: 32 | 64, truncate: boolean): Handler {
  return (mxcsr, a) => {
    const ctx = sseContext(mxcsr);
    const rounding = truncate ? RoundingMode.towardZero : ctx.rounding;
    const value =
      source === 'double'
        ? doubleToInteger(BigInt('0x' + a), width, ctx, rounding)
        : singleToInteger(parseInt(a, 16), width, ctx, rounding);
    return `${hexInteger(value, width)} ${ctx.flags.toString(16)}`;
  };
}

function sseFromInteger(target: 'double' | 'single', width: 32 | 64): Handler {
  return (mxcsr, a) => {
    const ctx = sseContext(mxcsr);
    const value = BigInt.asIntN(width, BigInt('0x' + a));
    const result = target === 'double' ? hex64(integerToDouble(value, ctx)) : hex32(integerToSingle(value, ctx));
    return `${result} ${ctx.flags.toString(16)}`;
  };
}

function sseCompare(format: 'double' | 'single', signaling: boolean): Handler {
  return (mxcsr, a, b) => {
    const ctx = sseContext(mxcsr);
    const comparison =
      format === 'double'
        ? doubleCompare(BigInt('0x' + a), BigInt('0x' + b), ctx, signaling)
        : singleCompare(parseInt(a, 16), parseInt(b, 16), ctx, signaling);
    return `${comparisonEflags(comparison).toString(16)} ${ctx.flags.toString(16)}`;
  };
}

function sseDoubleBinary(operation: (a: bigint, b: bigint, ctx: FloatContext) => bigint): Handler {
  return (mxcsr, a, b) => {
    const ctx = sseContext(mxcsr);
    return `${hex64(operation(BigInt('0x' + a), BigInt('0x' + b), ctx))} ${ctx.flags.toString(16)}`;
  };
}

function sseSingleBinary(operation: (a: number, b: number, ctx: FloatContext) => number): Handler {
  return (mxcsr, a, b) => {
    const ctx = sseContext(mxcsr);
    return `${hex32(operation(parseInt(a, 16), parseInt(b, 16), ctx))} ${ctx.flags.toString(16)}`;
  };
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

/** fpatan/fyl2x/fyl2xp1 take x from ST(0) (the first oracle operand) and y from ST(1). */
function x87PopBinary(operation: (y: ExtendedFloat, x: ExtendedFloat, ctx: FloatContext) => ExtendedFloat): Handler {
  return (cw, a, b) => {
    const ctx = x87Context(cw);
    return `${show80(operation(f80(b), f80(a), ctx))} ${x87Status(ctx)}`;
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
  fscale: (cw, a, b) => {
    const ctx = x87Context(cw);
    return `${show80(extendedScale(f80(a), f80(b), ctx))} ${x87Status(ctx)}`;
  },
  frndint: x87Unary(extendedRoundToIntegral),
  fxtract: (cw, a) => {
    const ctx = x87Context(cw);
    const parts = extendedExtract(f80(a), ctx);
    return `${show80(parts.significand)} ${show80(parts.exponent)} ${x87Status(ctx)}`;
  },
  fxam: (cw, a) => x87Status(x87Context(cw), examineExtended(f80(a))),
  ftst: (cw, a) => {
    const ctx = x87Context(cw);
    return x87Status(ctx, x87ConditionCodes(extendedTest(f80(a), ctx)));
  },
  fcom: x87Compare(true),
  fucom: x87Compare(false),
  fcomi: x87CompareEflags(true),
  fucomi: x87CompareEflags(false),
  fld32: (cw, a) => {
    const ctx = x87Context(cw);
    return `${show80(extendedFromSingle(parseInt(a, 16), ctx))} ${x87Status(ctx)}`;
  },
  fld64: (cw, a) => {
    const ctx = x87Context(cw);
    return `${show80(extendedFromDouble(BigInt('0x' + a), ctx))} ${x87Status(ctx)}`;
  },
  fst32: (cw, a) => {
    const ctx = x87Context(cw);
    return `${hex32(extendedToSingle(f80(a), ctx))} ${x87Status(ctx)}`;
  },
  fst64: (cw, a) => {
    const ctx = x87Context(cw);
    return `${hex64(extendedToDouble(f80(a), ctx))} ${x87Status(ctx)}`;
  },
  fist16: x87StoreInteger(16, false),
  fist32: x87StoreInteger(32, false),
  fist64: x87StoreInteger(64, false),
  fisttp16: x87StoreInteger(16, true),
  fisttp32: x87StoreInteger(32, true),
  fisttp64: x87StoreInteger(64, true),
  fild16: x87LoadInteger(16),
  fild32: x87LoadInteger(32),
  fild64: x87LoadInteger(64),
  cvtsd2ss: (mxcsr, a) => {
    const ctx = sseContext(mxcsr);
    return `${hex32(doubleToSingle(BigInt('0x' + a), ctx))} ${ctx.flags.toString(16)}`;
  },
  cvtss2sd: (mxcsr, a) => {
    const ctx = sseContext(mxcsr);
    return `${hex64(singleToDouble(parseInt(a, 16), ctx))} ${ctx.flags.toString(16)}`;
  },
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
  roundsd: (mxcsr, imm, a) => {
    const ctx = sseContext(mxcsr);
    return `${hex64(doubleRoundToIntegral(BigInt('0x' + a), parseInt(imm, 16), ctx))} ${ctx.flags.toString(16)}`;
  },
  roundss: (mxcsr, imm, a) => {
    const ctx = sseContext(mxcsr);
    return `${hex32(singleRoundToIntegral(parseInt(a, 16), parseInt(imm, 16), ctx))} ${ctx.flags.toString(16)}`;
  },
  comisd: sseCompare('double', true),
  ucomisd: sseCompare('double', false),
  comiss: sseCompare('single', true),
  ucomiss: sseCompare('single', false),
  minsd: sseDoubleBinary(doubleMinimum),
  maxsd: sseDoubleBinary(doubleMaximum),
  minss: sseSingleBinary(singleMinimum),
  maxss: sseSingleBinary(singleMaximum),
  fadd: x87Binary('add'),
  fsub: x87Binary('subtract'),
  fmul: x87Binary('multiply'),
  fdiv: x87Binary('divide'),
  fsqrt: x87Unary(extendedSquareRoot),
  addsd: sseDouble('add'),
  subsd: sseDouble('subtract'),
  mulsd: sseDouble('multiply'),
  divsd: sseDouble('divide'),
  sqrtsd: (mxcsr, _a, b) => {
    const ctx = sseContext(mxcsr);
    return `${hex64(doubleSquareRoot(BigInt('0x' + b), ctx))} ${ctx.flags.toString(16)}`;
  },
  addss: sseSingle('add'),
  subss: sseSingle('subtract'),
  mulss: sseSingle('multiply'),
  divss: sseSingle('divide'),
  sqrtss: (mxcsr, _a, b) => {
    const ctx = sseContext(mxcsr);
    return `${hex32(singleSquareRoot(parseInt(b, 16), ctx))} ${ctx.flags.toString(16)}`;
  },
};
