/** Operand values, control words and case builders shared by the x87 group specs. */
import { assemble, caseFrom, type IsaCase, type IsaInput, SCRATCH_ADDRESS } from '../harness.js';
import { Random } from '../support/random.js';
import { type X87Input, type X87Value } from '../support/x87Image.js';

/** An 80-bit encoding from its sign-and-exponent word and its 64-bit significand. */
export function x87(top: number, significand: bigint): bigint {
  return (BigInt(top) << 64n) | significand;
}

const INTEGER = 1n << 63n;
const QUIET = 1n << 62n;

/**
 * 80-bit special values: zeros, denormals, pseudo-denormals, unnormals, pseudo-infinities and
 * pseudo-NaNs (the encodings the x87 rejects), normal edges, infinities, QNaNs and SNaNs with
 * payloads, the real indefinite, and values whose operations round differently per mode.
 */
export const SPECIALS: readonly bigint[] = [
  x87(0x0000, 0n), x87(0x8000, 0n),
  x87(0x0000, 1n), x87(0x8000, 0x7fffffffffffffffn), x87(0x0000, 0x4000000000000123n),
  x87(0x0000, INTEGER), x87(0x8000, INTEGER | 5n),
  x87(0x3fff, 0x4000000000000000n), x87(0x4005, 1n),
  x87(0x7fff, 0n), x87(0xffff, 0x4000000000000000n),
  x87(0x0001, INTEGER), x87(0x8001, INTEGER | 1n), x87(0x7ffe, 0xffffffffffffffffn), x87(0xfffe, INTEGER),
  x87(0x7fff, INTEGER), x87(0xffff, INTEGER),
  x87(0x7fff, INTEGER | QUIET), x87(0xffff, INTEGER | QUIET | 0x1234n), x87(0x7fff, INTEGER | QUIET | 0x3ffffffffffffffn),
  x87(0x7fff, INTEGER | 1n), x87(0xffff, INTEGER | 0x2000000000000abcn),
  x87(0x3fff, INTEGER), x87(0xbfff, INTEGER), x87(0x4000, 0xc000000000000000n), x87(0x3ffe, INTEGER),
  x87(0x3fff, 0x8000000000000001n), x87(0x3fff, 0xffffffffffffffffn), x87(0x3ffd, 0xaaaaaaaaaaaaaaabn), x87(0xc002, 0xa000000000000400n),
  x87(0x403e, INTEGER), x87(0xc03e, 0xffffffffffffffffn), x87(0x401d, 0xfffffffffc000001n), x87(0x4034, 0xfffffffffffff800n),
  x87(0x3c01, INTEGER | 0x3ffn), x87(0x43fe, 0xfffffffffffff7ffn), x87(0x3f81, INTEGER | 0x7fffffffffn),
];

/** Values around the integer ranges' edges and halfway points (FIST, FISTTP, FBSTP, FRNDINT). */
export const INTEGRAL_EDGES: ReadonlyArray<bigint | number> = [
  0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 32767.5, 32768, -32768.5, -32769, 2147483647.5, 2147483648, -2147483648.5,
  -2147483649, x87(0x403d, 0xfffffffffffffffen), x87(0x403e, INTEGER), x87(0xc03e, INTEGER), x87(0xc03e, INTEGER | 1n), x87(0x403d, 0xffffffffffffffffn),
  1e18 - 1, 1e18, -999999999999999999, 999999999999999999.5, x87(0x3ffe, 0xffffffffffffffffn), x87(0xbffd, 0xffffffffffffffffn),
];

/** A random finite normal value of any magnitude, a quarter of them near 1. */
export function randomExtended(random: Random): bigint {
  const sign = random.chance(0.5) ? 0x8000 : 0;
  const exponent = random.chance(0.25) ? 0x3ff0 + random.below(32) : 1 + random.below(0x7ffe);
  return x87(sign | exponent, INTEGER | (random.u64() >> 1n));
}

/** Random finite values of every magnitude, a quarter of them near 1. */
export function randomValues(count: number, seed: number): bigint[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => randomExtended(random));
}

/** Control words: every rounding and precision control with exceptions masked. */
export const MASKED_CONTROLS: readonly number[] = [0x037f, 0x077f, 0x0b7f, 0x0f7f, 0x027f, 0x007f, 0x067f, 0x0a7f, 0x0e7f, 0x0c7f];

/** Control words with each exception unmasked alone, and all of them. */
export const UNMASKED_CONTROLS: readonly number[] = [0x037e, 0x037d, 0x037b, 0x0377, 0x036f, 0x035f, 0x0340, 0x0b40, 0x0240];

export const ALL_CONTROLS: readonly number[] = [...MASKED_CONTROLS, ...UNMASKED_CONTROLS];

/** Status words to start from: clear, and with every flag and condition code set but no exception pending under `control`. */
export function statusInputs(control: number): number[] {
  return [0, 0x4700 | (0x7f & control)];
}

/** A case of `code` from an x87 state; rbx points at the scratch memory, which holds `memory` from offset 0. */
export function x87Case(code: Uint8Array, x87: X87Input, extra: IsaInput = {}): IsaCase {
  return caseFrom(code, { rbx: SCRATCH_ADDRESS, ...extra, x87 });
}

/** Little-endian bytes of an `bytes`-wide value, for `IsaInput.memory`. */
export function le(value: bigint, bytes: number): number[] {
  return Array.from({ length: bytes }, (_, i) => Number((BigInt.asUintN(8 * bytes, value) >> BigInt(8 * i)) & 0xffn));
}

/** Cases of each snippet with each stack. */
export function stackCases(snippets: readonly string[], stacks: ReadonlyArray<ReadonlyArray<X87Value | null>>, controls: readonly number[], extra: IsaInput = {}): IsaCase[] {
  return snippets.flatMap((text) => {
    const code = assemble(text);
    return controls.flatMap((control) => stacks.map((stack) => x87Case(code, { control, stack }, extra)));
  });
}
