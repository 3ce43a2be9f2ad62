import { Mnemonic } from '@ubp/arch-x86-64';
import { integerLane } from '../groups/sseValues.js';
import { INTEGRAL_EDGES, MASKED_CONTROLS, randomExtended, SPECIALS, UNMASKED_CONTROLS, x87 } from '../groups/x87Values.js';
import { type Random } from '../support/random.js';
import { type X87Input, type X87Value, x87Bits, x87Image } from '../support/x87Image.js';

const INTEGER = 1n << 63n;
const ONE = x87(0x3fff, INTEGER);
const BIAS = 0x3fff;

/** Register values the first cases go through in turn: every special class, the integral edges, 1.0. */
const EDGES: readonly bigint[] = [...SPECIALS, ...INTEGRAL_EDGES.map(x87Bits), ONE];

/** A normal value with an unbiased exponent in [low, high], of either sign unless `positive`. */
function between(rng: Random, low: number, high: number, positive = false): bigint {
  const sign = !positive && rng.chance(0.5) ? 0x8000 : 0;
  return x87(sign | (BIAS + low + rng.below(high - low + 1)), INTEGER | (rng.u64() >> 1n));
}

/** A register value: the edges in turn for ST(0) and ST(1) of the first cases, then mostly random normals. */
export function x87Value(rng: Random, caseIndex: number, position: number): bigint {
  if (caseIndex < EDGES.length && position < 2) return EDGES[(caseIndex + 23 * position) % EDGES.length]!;
  const roll = rng.below(10);
  if (roll < 3) return rng.pick(EDGES);
  if (roll < 4) return between(rng, -4, 4);
  return randomExtended(rng);
}

/** An integer of up to `bits` bits plus a fraction near a rounding boundary (0, ±0.25, ±0.5). */
function nearInteger(rng: Random, bits: number): X87Value {
  const integer = Math.floor(rng.u32() / 2 ** (32 - Math.min(bits, 32))) * 2 ** Math.max(0, bits - 32);
  const value = integer + rng.pick([0, 0.5, -0.5, 0.25, -0.25, 1]);
  return rng.chance(0.5) ? -value : value;
}

type Shape = (rng: Random) => readonly [st0: X87Value | undefined, st1: X87Value | undefined];

const ROUNDS: Shape = (rng) => [rng.chance(0.5) ? rng.pick(INTEGRAL_EDGES) : nearInteger(rng, rng.pick([15, 16, 31, 32, 53, 63, 64])), undefined];
const ANGLE: Shape = (rng) => [between(rng, -20, 12), undefined];

/**
 * Operands in each instruction's interesting domain, for about half of the cases: values near
 * integer boundaries for the integer stores and FRNDINT, scale factors FSCALE can apply, 2^x's
 * argument within [-1, 1], FYL2XP1's within its documented range, ordinary angles, positive
 * logarithm arguments, partial remainders of operands of different magnitudes.
 */
const SHAPES = new Map<number, Shape>([
  ...[Mnemonic.Fist, Mnemonic.Fistp, Mnemonic.Fisttp, Mnemonic.Frndint, Mnemonic.Fbstp].map((m) => [m, ROUNDS] as const),
  ...[Mnemonic.Fsin, Mnemonic.Fcos, Mnemonic.Fsincos, Mnemonic.Fptan].map((m) => [m, ANGLE] as const),
  [Mnemonic.Fscale, (rng) => [between(rng, -16000, 16000), rng.pick<X87Value>([0, 1, -1, 2.5, -3.75, 63, 16383, 16384, -16382, -16445, -16446, 70000, -70000, rng.below(200) - 100])]],
  [Mnemonic.F2xm1, (rng) => [between(rng, -40, -1), undefined]],
  [Mnemonic.Fyl2xp1, (rng) => [between(rng, -40, -3), between(rng, -10, 10)]],
  [Mnemonic.Fyl2x, (rng) => [between(rng, -100, 100, true), between(rng, -10, 10)]],
  [Mnemonic.Fpatan, (rng) => [between(rng, -30, 30), between(rng, -30, 30)]],
  [Mnemonic.Fprem, (rng) => [between(rng, -10, 80), between(rng, -10, 10)]],
  [Mnemonic.Fprem1, (rng) => [between(rng, -10, 80), between(rng, -10, 10)]],
]);

/** FCW: mostly the default; then each rounding and precision control, unmasked exceptions now and then, any word at all rarely. */
export function controlWord(rng: Random, caseIndex: number): number {
  if (caseIndex < 12 || rng.chance(0.3)) return 0x037f;
  const roll = rng.below(10);
  if (roll < 5) return rng.pick(MASKED_CONTROLS);
  if (roll < 8) return rng.pick(UNMASKED_CONTROLS);
  const word = rng.u32() & 0xffff;
  // Precision control 01 is reserved: the manuals define no result for it.
  return ((word >> 8) & 3) === 1 ? word | 0x0200 : word;
}

const CONDITION_CODES = [0x0100, 0x0200, 0x0400, 0x4000];

/** FSW: random condition codes, sticky flags of masked exceptions, SF; with `pending`, an unmasked exception flag too. */
function statusWord(rng: Random, control: number, pending: boolean): number {
  let word = CONDITION_CODES.reduce((w, bit) => (rng.chance(0.5) ? w | bit : w), 0);
  if (rng.chance(0.3)) word |= rng.below(64) & control & 0x3f;
  if (rng.chance(0.1)) word |= 0x40;
  // ES and B in the image: FXRSTOR derives them from the flags and the masks, whatever they say.
  if (rng.chance(0.1)) word |= 0x8080;
  const unmasked = ~control & 0x3f;
  if (pending && unmasked !== 0) word |= unmasked & -unmasked;
  return word;
}

/** Which of ST(0)-ST(7) hold values: a few from the top, a full stack (push overflow), nearly empty (underflow), holes now and then. */
function validPositions(rng: Random, caseIndex: number): boolean[] {
  const valid = new Array<boolean>(8).fill(false);
  if (caseIndex % 8 === 6) return valid.fill(true);
  if (caseIndex % 8 === 7) {
    const roll = rng.below(3);
    if (roll > 0) valid[roll] = true;
    return valid;
  }
  const depth = 1 + rng.below(4);
  valid.fill(true, 0, depth);
  if (rng.chance(0.15)) valid[rng.below(depth + 1)] = false;
  return valid;
}

/** What an empty register holds: an edge or random bits, compared in the image like any register. */
function staleValue(rng: Random): bigint {
  return rng.chance(0.5) ? rng.pick(EDGES) : (BigInt(rng.u32() & 0xffff) << 64n) | rng.u64();
}

/** FOP and the last instruction and data pointers: random while an exception is pending (see x87State), else none. */
function lastPointers(rng: Random, pending: boolean): Pick<X87Input, 'lastOpcode' | 'lastInstruction' | 'lastData'> {
  return pending ? { lastOpcode: rng.below(0x800), lastInstruction: rng.u64() >> 16n, lastData: rng.u64() >> 16n } : {};
}

/**
 * The x87 part of a case's state (first X87_IMAGE_SIZE bytes of an FXSAVE image) for a form of
 * `mnemonic`: TOP anywhere, registers valid and empty as validPositions draws them, the control
 * and status words above, and now and then (1 in 20) an unmasked exception pending, which makes
 * the first waiting instruction fault (#MF). FOP and the last instruction and data pointers are
 * random only then: while no exception is pending this host's XSAVE stores them as zeros, so a
 * context switch between the runner's FXRSTOR and the snippet would zero them.
 */
export function x87State(rng: Random, caseIndex: number, mnemonic: number): Uint8Array {
  const control = controlWord(rng, caseIndex);
  const pending = caseIndex >= 12 && rng.chance(0.05);
  const status = statusWord(rng, control, pending);
  const valid = validPositions(rng, caseIndex);
  const stack: Array<X87Value | null> = valid.map((v, i) => (v ? x87Value(rng, caseIndex, i) : null));
  const shape = SHAPES.get(mnemonic);
  if (shape !== undefined && caseIndex >= 8 && rng.chance(0.5)) {
    const [st0, st1] = shape(rng);
    if (st0 !== undefined && valid[0]) stack[0] = st0;
    if (st1 !== undefined && valid[1]) stack[1] = st1;
  }
  const pointers = lastPointers(rng, pending);
  return x87Image({ control, status, stack, top: rng.below(8), stale: Array.from({ length: 8 }, () => staleValue(rng)), ...pointers });
}

/** MMn's sign and exponent: all ones as an MMX write leaves them, a float's, zero, or any. */
function mmxExponent(rng: Random): number {
  const roll = rng.below(10);
  if (roll < 5) return 0xffff;
  if (roll < 7) return BIAS + rng.below(64) - 32;
  return roll < 8 ? 0 : rng.u32() & 0xffff;
}

/** Which physical registers are tagged valid: all (as MMX code leaves them), none (after EMMS), or any. */
function mmxTags(rng: Random): boolean[] {
  const roll = rng.below(3);
  return Array.from({ length: 8 }, () => (roll === 0 ? true : roll === 1 ? false : rng.chance(0.5)));
}

/**
 * The x87 part of a case's state for an MMX form: every register (MMn being the significand of
 * physical register Rn) holding two int32 lanes biased to byte, word and dword edges under any
 * sign and exponent, TOP 0 now and then but anywhere else too, tags as mmxTags draws them, the
 * control and status words of the x87 forms, and now and then (1 in 10) an unmasked exception
 * pending, which makes every MMX instruction fault (#MF).
 */
export function mmxState(rng: Random, caseIndex: number): Uint8Array {
  const control = controlWord(rng, caseIndex);
  const pending = caseIndex >= 12 && rng.chance(0.1);
  const status = statusWord(rng, control, pending);
  const registers = Array.from({ length: 8 }, () => x87(mmxExponent(rng), (BigInt(integerLane(rng) >>> 0) << 32n) | BigInt(integerLane(rng) >>> 0)));
  const valid = mmxTags(rng);
  const top = rng.chance(0.3) ? 0 : rng.below(8);
  const pointers = lastPointers(rng, pending);
  return x87Image({ control, status, top, stale: registers, stack: registers.map((v, i) => (valid[i] ? v : null)), ...pointers });
}
