import { Mnemonic } from '../../decode/iced.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { operandBits, readOperand, readOperand64, writeOperand } from '../codegen/operands.js';
import { gprSlot } from '../codegen/registerSlots.js';
import { Alignment, isMmx, type LaneSource, laneSource, operandLanes, readLanes, registerWords, xmmRegister } from '../codegen/xmm.js';
import { fastOrSlow, floatLane, floatSource, PLAIN_MODE, type Precision, raiseInexact, readFloats, writeFloats } from '../codegen/xmmFloat.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { conversion, type ConversionKind } from '../runtime/sse/floatConvert.js';
import { enterMmx } from './mmxState.js';
import { sseCodes } from './sseForms.js';

/*
 * MXCSR exactness: as for the arithmetic, results and flags are exact for every MXCSR setting.
 * Conversions to integers compute in JS numbers for every rounding mode (runtime/sse/floatConvert.ts);
 * the others have a fast path for the cases that are exact or need only PE, and the softfloat
 * library for the rest.
 */

/** The slow path of a conversion producing floats into register `d`. */
function convertSlow(b: BlockBuilder, kind: ConversionKind, count: number, zeroUpper: boolean, d: number, source: LaneSource): string {
  return `H.convertLanes(s, ${b.constant(conversion(kind, count, zeroUpper))}, ${d}, ${source.holder}, ${source.base}, ${b.insn.address})`;
}

/** Whether a 64-bit integer's high half keeps its magnitude below 2^53, where JS numbers hold it exactly. */
function safeInteger(high: string): string {
  return `(${high} + 2097152) >>> 0 < 4194304`;
}

/** CVTSI2SS/CVTSI2SD from a 32- or 64-bit GPR or memory operand into the low lane, the others kept. */
function integerToFloat(precision: Precision): Emitter {
  return (b) => {
    const d = xmmRegister(b, 0);
    const wide = operandBits(b, 1) === 64;
    const value = wide ? readOperand64(b, 1) : { lo: readOperand(b, 1, 32), hi: '0' };
    const n = wide ? b.temp(`${value.hi} * 4294967296 + (${value.lo} >>> 0)`) : value.lo;
    if (!wide && precision === 64) {
      b.line(writeFloats(d, 64, [n]));
      return;
    }
    const r = precision === 32 ? b.temp(`Math.fround(${n})`) : n;
    const conditions = [wide ? safeInteger(value.hi) : '', precision === 32 ? PLAIN_MODE : ''].filter((c) => c !== '');
    const kind: ConversionKind = precision === 64 ? 'int64ToDouble' : wide ? 'int64ToSingle' : 'int32ToSingle';
    const source: LaneSource = { holder: 'H.mo', base: 0 };
    const slow = `(H.mo.x[0] = ${value.lo}, H.mo.x[1] = ${value.hi}, ${convertSlow(b, kind, 1, false, d, source)})`;
    const fast = [writeFloats(d, precision, [r]), ...(precision === 32 ? [raiseInexact([`${r} !== ${n}`])] : [])];
    fastOrSlow(b, conditions.join(' && '), fast, slow);
  };
}

/** CVTSS2SD (1 lane) and CVTPS2PD (2 lanes): exact; NaNs and denormals (IE, DE, DAZ) take the slow path. */
function widen(lanes: number): Emitter {
  return (b) => {
    const d = xmmRegister(b, 0);
    const source = laneSource(b, 1, 4 * lanes, Alignment.None);
    const a = readFloats(b, source, 32, lanes);
    const ordinary = a.map((ai) => `H.ordinarySingle(${ai})`).join(' && ');
    fastOrSlow(b, ordinary, [writeFloats(d, 64, a)], convertSlow(b, 'singleToDouble', lanes, false, d, source));
  };
}

/** CVTSD2SS (1 lane, the others kept) and CVTPD2PS (2 lanes, the upper half zeroed). */
function narrow(packed: boolean): Emitter {
  return (b) => {
    const lanes = packed ? 2 : 1;
    const d = xmmRegister(b, 0);
    const source = floatSource(b, 64, packed ? 2 : 1);
    const a = readFloats(b, source, 64, lanes);
    const r = a.map((ai) => b.temp(`Math.fround(${ai})`));
    const guards = a.map((ai, i) => `H.plainNarrowing(${ai}, ${r[i]})`);
    const upper = packed ? [`s.x[${4 * d + 2}] = 0; s.x[${4 * d + 3}] = 0;`] : [];
    const writes = [writeFloats(d, 32, r), ...upper, raiseInexact(r.map((ri, i) => `${ri} !== ${a[i]}`))];
    fastOrSlow(b, [PLAIN_MODE, ...guards].join(' && '), writes, convertSlow(b, 'doubleToSingle', lanes, packed, d, source));
  };
}

/*
 * The conversions to and from MMX registers (CVTPI2PS CVTPI2PD CVTPS2PI CVTTPS2PI CVTPD2PI
 * CVTTPD2PI) are these emitters on two lanes: an MMX operand makes them MMX instructions (the
 * framing of ops/mmxState.ts), which enter the MMX state before a SIMD exception (#XM) can stop them.
 */

/** CVTDQ2PS (4 lanes) and CVTPI2PS (2 lanes, the destination's upper half kept): rounds only above 2^24. */
function int32ToSingles(count: number): Emitter {
  return (b) => {
    const d = xmmRegister(b, 0);
    const source = laneSource(b, 1, 4 * count, count === 4 ? Alignment.Packed : Alignment.None);
    if (isMmx(b, 1)) enterMmx(b);
    const x = Array.from({ length: count }, (_, i) => b.temp(`${source.holder}.x[${source.base + i}]`));
    const r = x.map((xi) => b.temp(`Math.fround(${xi})`));
    fastOrSlow(b, PLAIN_MODE, [writeFloats(d, 32, r), raiseInexact(r.map((ri, i) => `${ri} !== ${x[i]}`))], convertSlow(b, 'int32ToSingle', count, false, d, source));
  };
}

/** CVTPI2PS: two int32 lanes of an MMX register or memory to the low singles, the rest kept. */
export const cvtpi2ps = int32ToSingles(2);

/** CVTDQ2PD, and CVTPI2PD from an MMX register or memory: exact, no exception. */
export const cvtdq2pd: Emitter = (b) => {
  const x = readLanes(b, 1, 2, Alignment.None);
  b.line(writeFloats(xmmRegister(b, 0), 64, x));
};

/**
 * CVTPS2DQ CVTTPS2DQ CVTPD2DQ CVTTPD2DQ: to int32 lanes, rounding as MXCSR says or truncating; and
 * CVT(T)PS2PI (from 8 bytes) and CVT(T)PD2PI into an MMX register, two lanes.
 */
export function toIntegerLanes(single: boolean, truncate: boolean): Emitter {
  return (b) => {
    const words = registerWords(b, 0);
    const fromMemory = single ? 4 * words : 16;
    const source = laneSource(b, 1, fromMemory, fromMemory === 16 ? Alignment.Packed : Alignment.None);
    const { holder, base } = operandLanes(b, 0);
    if (isMmx(b, 0)) enterMmx(b);
    b.line(`H.toInt32Lanes(s, ${holder}, ${base / 4}, ${source.holder}, ${source.base}, ${single}, ${truncate}, ${words}, ${b.insn.address});`);
  };
}

/** CVTSS2SI CVTTSS2SI CVTSD2SI CVTTSD2SI into a 32- or 64-bit GPR. */
function toInteger(precision: Precision, truncate: boolean): Emitter {
  return (b) => {
    const source = floatSource(b, precision, 1);
    const value = b.temp(floatLane(source, precision, 0));
    const single = precision === 32;
    if (operandBits(b, 0) === 64) {
      b.line(`H.toInt64(s, ${value}, ${single}, ${truncate}, ${gprSlot(b.insn.operands[0]!.register).slot}, ${b.insn.address});`);
    } else {
      writeOperand(b, 0, 32, `H.toInt32(s, ${value}, ${single}, ${truncate}, ${b.insn.address})`);
    }
  };
}

/**
 * cvtsi2ss cvtsi2sd (32/64-bit sources) cvtss2sd cvtsd2ss cvt(t)ss2si cvt(t)sd2si (32/64-bit
 * destinations) cvtps2pd cvtpd2ps cvtdq2ps cvt(t)ps2dq cvtdq2pd cvt(t)pd2dq
 */
export const sseConvertOps: OpsGroup = {
  codes: sseCodes({
    [Mnemonic.Cvtsi2ss]: integerToFloat(32),
    [Mnemonic.Cvtsi2sd]: integerToFloat(64),
    [Mnemonic.Cvtss2sd]: widen(1),
    [Mnemonic.Cvtps2pd]: widen(2),
    [Mnemonic.Cvtsd2ss]: narrow(false),
    [Mnemonic.Cvtpd2ps]: narrow(true),
    [Mnemonic.Cvtdq2ps]: int32ToSingles(4),
    [Mnemonic.Cvtdq2pd]: cvtdq2pd,
    [Mnemonic.Cvtps2dq]: toIntegerLanes(true, false),
    [Mnemonic.Cvttps2dq]: toIntegerLanes(true, true),
    [Mnemonic.Cvtpd2dq]: toIntegerLanes(false, false),
    [Mnemonic.Cvttpd2dq]: toIntegerLanes(false, true),
    [Mnemonic.Cvtss2si]: toInteger(32, false),
    [Mnemonic.Cvttss2si]: toInteger(32, true),
    [Mnemonic.Cvtsd2si]: toInteger(64, false),
    [Mnemonic.Cvttsd2si]: toInteger(64, true),
  }),
};
