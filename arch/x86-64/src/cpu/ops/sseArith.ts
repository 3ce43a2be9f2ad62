import { Mnemonic } from '../../decode/iced.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { setExplicitFlags } from '../codegen/flags.js';
import { type LaneSource, registerLanes, xmmRegister } from '../codegen/xmm.js';
import { fastOrSlow, floatSource, PLAIN_MODE, type Precision, raiseInexact, readFloats, writeFloats } from '../codegen/xmmFloat.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { type BinaryOperation } from '../softfloat/arithmetic.js';
import { type FloatOperation } from '../runtime/sse/floatLanes.js';
import { arithmeticOperation, comparisonOperation, extremumOperation, squareRootOperation } from '../runtime/sse/floatOperations.js';
import { FlagBits } from '../state/FlagBits.js';
import { sseCodes } from './sseForms.js';

/*
 * MXCSR exactness: results are exact for every rounding mode, DAZ and FTZ setting and operand.
 * The exception flags IE DE ZE OE UE PE are exact too (unmasked ones raise #XM, SIGFPE): the
 * fast path runs only when the guards prove that PE is the only flag the instruction can raise,
 * and computes PE exactly (error-free transformations, see runtime/sse/plainFloat.ts); the slow
 * path computes everything with the softfloat library.
 */

/** The lane count of a scalar (1) or packed form. */
function laneCount(precision: Precision, packed: boolean): number {
  return packed ? 128 / precision : 1;
}

function rounded(expr: string, precision: Precision): string {
  return precision === 32 ? `Math.fround(${expr})` : `(${expr})`;
}

function slowPath(b: BlockBuilder, op: FloatOperation, d: number, source: LaneSource): string {
  return `H.floatLanes(s, ${b.constant(op)}, ${d}, ${source.holder}, ${source.base}, ${b.insn.address})`;
}

interface Arithmetic {
  readonly operation: BinaryOperation;
  readonly symbol: string;
  /** Which plainFloat guard fits: sums cancel exactly to zero, products and quotients may underflow to it. */
  readonly guard: 'Sum' | 'Product';
  readonly inexact: (a: string, x: string, r: string, precision: Precision) => string;
}

const ADD: Arithmetic = { operation: 'add', symbol: '+', guard: 'Sum', inexact: (a, x, r, p) => `H.sumInexact${p}(${a}, ${x}, ${r})` };
const SUB: Arithmetic = { operation: 'subtract', symbol: '-', guard: 'Sum', inexact: (a, x, r, p) => `H.sumInexact${p}(${a}, -${x}, ${r})` };
const MUL: Arithmetic = { operation: 'multiply', symbol: '*', guard: 'Product', inexact: (a, x, r, p) => `H.productInexact${p}(${a}, ${x}, ${r})` };
const DIV: Arithmetic = { operation: 'divide', symbol: '/', guard: 'Product', inexact: (a, x, r, p) => `H.quotientInexact${p}(${a}, ${x}, ${r})` };

/** ADD SUB MUL DIV in their SS SD PS PD forms. */
function arithmetic(kind: Arithmetic, precision: Precision, packed: boolean): Emitter {
  const lanes = laneCount(precision, packed);
  const slow = arithmeticOperation(kind.operation, precision, lanes);
  return (b) => {
    const d = xmmRegister(b, 0);
    const source = floatSource(b, precision, lanes);
    const a = readFloats(b, registerLanes(d), precision, lanes);
    const x = readFloats(b, source, precision, lanes);
    const r = a.map((ai, i) => b.temp(rounded(`${ai} ${kind.symbol} ${x[i]}`, precision)));
    const guards = r.map((ri, i) => `H.plain${kind.guard}${precision}(${a[i]}, ${x[i]}, ${ri})`);
    const inexact = r.map((ri, i) => kind.inexact(a[i]!, x[i]!, ri, precision));
    fastOrSlow(b, [PLAIN_MODE, ...guards].join(' && '), [writeFloats(d, precision, r), raiseInexact(inexact)], slowPath(b, slow, d, source));
  };
}

/** SQRTSS SQRTSD SQRTPS SQRTPD: the source's lanes, the destination's others kept. */
function squareRoot(precision: Precision, packed: boolean): Emitter {
  const lanes = laneCount(precision, packed);
  const slow = squareRootOperation(precision, lanes);
  return (b) => {
    const d = xmmRegister(b, 0);
    const source = floatSource(b, precision, lanes);
    const a = readFloats(b, source, precision, lanes);
    const r = a.map((ai) => b.temp(rounded(`Math.sqrt(${ai})`, precision)));
    const guards = a.map((ai) => `H.plainRoot${precision}(${ai})`);
    const inexact = r.map((ri, i) => `H.rootInexact${precision}(${a[i]}, ${ri})`);
    fastOrSlow(b, [PLAIN_MODE, ...guards].join(' && '), [writeFloats(d, precision, r), raiseInexact(inexact)], slowPath(b, slow, d, source));
  };
}

/** Neither operand is a NaN or a denormal: then no exception and no special rule applies. */
function ordinaryOperands(precision: Precision, a: readonly string[], x: readonly string[]): string {
  const test = precision === 32 ? 'H.ordinarySingle' : 'H.ordinary';
  return a.map((ai, i) => `${test}(${ai}) && ${test}(${x[i]})`).join(' && ');
}

/** MIN/MAX: `a < b ? a : b` returns the second operand on equality, as x86 does for ±0. */
function extremum(maximum: boolean, precision: Precision, packed: boolean): Emitter {
  const lanes = laneCount(precision, packed);
  const slow = extremumOperation(maximum, precision, lanes);
  return (b) => {
    const d = xmmRegister(b, 0);
    const source = floatSource(b, precision, lanes);
    const a = readFloats(b, registerLanes(d), precision, lanes);
    const x = readFloats(b, source, precision, lanes);
    const r = a.map((ai, i) => `${ai} ${maximum ? '>' : '<'} ${x[i]} ? ${ai} : ${x[i]}`);
    fastOrSlow(b, ordinaryOperands(precision, a, x), [writeFloats(d, precision, r)], slowPath(b, slow, d, source));
  };
}

/** The CMPxx predicates 0-7 on two ordered numbers. */
const PREDICATES: ReadonlyArray<(a: string, x: string) => string> = [
  (a, x) => `${a} === ${x}`,
  (a, x) => `${a} < ${x}`,
  (a, x) => `${a} <= ${x}`,
  () => 'false',
  (a, x) => `${a} !== ${x}`,
  (a, x) => `!(${a} < ${x})`,
  (a, x) => `!(${a} <= ${x})`,
  () => 'true',
];

/** CMPSS CMPSD CMPPS CMPPD with predicate imm8[2:0]: all ones or zeros per lane. */
function compare(precision: Precision, packed: boolean): Emitter {
  const lanes = laneCount(precision, packed);
  return (b) => {
    const predicate = b.insn.imm & 7;
    const d = xmmRegister(b, 0);
    const source = floatSource(b, precision, lanes);
    const a = readFloats(b, registerLanes(d), precision, lanes);
    const x = readFloats(b, source, precision, lanes);
    const words = precision / 32;
    const writes = a.map((ai, i) => {
      const mask = b.temp(`${PREDICATES[predicate]!(ai, x[i]!)} ? -1 : 0`);
      return Array.from({ length: words }, (_, w) => `s.x[${4 * d + words * i + w}] = ${mask};`).join(' ');
    });
    const slow = comparisonOperation(predicate, precision, lanes);
    fastOrSlow(b, ordinaryOperands(precision, a, x), writes, slowPath(b, slow, d, source));
  };
}

/** COMISS COMISD (IE on any NaN) and UCOMISS UCOMISD (IE on SNaNs): ZF PF CF, OF SF AF cleared. */
function orderedCompare(signaling: boolean, precision: Precision): Emitter {
  return (b) => {
    const d = xmmRegister(b, 0);
    const source = floatSource(b, precision, 1);
    const [a] = readFloats(b, registerLanes(d), precision, 1);
    const [x] = readFloats(b, source, precision, 1);
    const ordered = `${a} < ${x} ? ${FlagBits.CF} : ${a} === ${x} ? ${FlagBits.ZF} : 0`;
    const slow = `H.orderedCompare(s, ${precision === 32}, ${signaling}, ${d}, ${source.holder}, ${source.base}, ${b.insn.address})`;
    setExplicitFlags(b, b.temp(`${ordinaryOperands(precision, [a!], [x!])} ? (${ordered}) : ${slow}`));
  };
}

/** RCPSS RCPPS RSQRTSS RSQRTPS: this host's table approximations; no exception, MXCSR ignored. */
function approximation(helper: 'reciprocal' | 'reciprocalRoot', packed: boolean): Emitter {
  return (b) => {
    const lanes = laneCount(32, packed);
    const source = floatSource(b, 32, lanes);
    b.line(`H.${helper}(s, ${xmmRegister(b, 0)}, ${source.holder}, ${source.base}, ${lanes});`);
  };
}

/** Each mnemonic's four forms: scalar single, scalar double, packed single, packed double. */
function forms(make: (precision: Precision, packed: boolean) => Emitter): [Emitter, Emitter, Emitter, Emitter] {
  return [make(32, false), make(64, false), make(32, true), make(64, true)];
}

function group(mnemonics: readonly [number, number, number, number], make: (precision: Precision, packed: boolean) => Emitter): Record<number, Emitter> {
  const emitters = forms(make);
  return Object.fromEntries(mnemonics.map((m, i) => [m, emitters[i]!]));
}

/** add sub mul div sqrt min max (ss sd ps pd), rcpss rcpps rsqrtss rsqrtps, cmpss cmpsd cmpps cmppd, comiss comisd ucomiss ucomisd */
export const sseArithOps: OpsGroup = {
  codes: sseCodes({
    ...group([Mnemonic.Addss, Mnemonic.Addsd, Mnemonic.Addps, Mnemonic.Addpd], (p, packed) => arithmetic(ADD, p, packed)),
    ...group([Mnemonic.Subss, Mnemonic.Subsd, Mnemonic.Subps, Mnemonic.Subpd], (p, packed) => arithmetic(SUB, p, packed)),
    ...group([Mnemonic.Mulss, Mnemonic.Mulsd, Mnemonic.Mulps, Mnemonic.Mulpd], (p, packed) => arithmetic(MUL, p, packed)),
    ...group([Mnemonic.Divss, Mnemonic.Divsd, Mnemonic.Divps, Mnemonic.Divpd], (p, packed) => arithmetic(DIV, p, packed)),
    ...group([Mnemonic.Sqrtss, Mnemonic.Sqrtsd, Mnemonic.Sqrtps, Mnemonic.Sqrtpd], squareRoot),
    ...group([Mnemonic.Minss, Mnemonic.Minsd, Mnemonic.Minps, Mnemonic.Minpd], (p, packed) => extremum(false, p, packed)),
    ...group([Mnemonic.Maxss, Mnemonic.Maxsd, Mnemonic.Maxps, Mnemonic.Maxpd], (p, packed) => extremum(true, p, packed)),
    ...group([Mnemonic.Cmpss, Mnemonic.Cmpsd, Mnemonic.Cmpps, Mnemonic.Cmppd], compare),
    [Mnemonic.Comiss]: orderedCompare(true, 32),
    [Mnemonic.Comisd]: orderedCompare(true, 64),
    [Mnemonic.Ucomiss]: orderedCompare(false, 32),
    [Mnemonic.Ucomisd]: orderedCompare(false, 64),
    [Mnemonic.Rcpss]: approximation('reciprocal', false),
    [Mnemonic.Rcpps]: approximation('reciprocal', true),
    [Mnemonic.Rsqrtss]: approximation('reciprocalRoot', false),
    [Mnemonic.Rsqrtps]: approximation('reciprocalRoot', true),
  }),
};
