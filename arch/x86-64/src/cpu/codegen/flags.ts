import { FlagKind, type FlagKindValue, flagOp } from '../flags/FlagOp.js';
import { type BlockBuilder } from './BlockBuilder.js';
import { type FlagSource } from './FlagSource.js';
import { type Pair } from './Pair.js';
import { signBit, signed, unsigned } from './widths.js';

/**
 * Records a flag-setting operation: stores the lazy-flags record when the flags may be read
 * later (outside this block, or after a possible fault), and remembers the operands for
 * conditions fused later in the block. `carry` is ADC/SBB's carry in or INC/DEC's kept CF.
 */
export function setFlags(b: BlockBuilder, kind: FlagKindValue, bits: number, a: string, x: string, r: string, carry?: string): void {
  b.flagSource = { kind, bits, a, b: x, r, ah: '0', bh: '0', rh: '0' };
  if (!b.flagsLive) return;
  // F[7] first: the carry expression may read the previous lazy record.
  b.line(`${carry === undefined ? '' : `F[7] = ${carry}; `}F[0] = ${flagOp(kind, bits)}; F[1] = ${a}; F[2] = ${x}; F[3] = ${r};`);
}

export function setFlags64(b: BlockBuilder, kind: FlagKindValue, a: Pair, x: Pair, r: Pair, carry?: string): void {
  b.flagSource = { kind, bits: 64, a: a.lo, b: x.lo, r: r.lo, ah: a.hi, bh: x.hi, rh: r.hi };
  if (!b.flagsLive) return;
  b.line(
    (carry === undefined ? '' : `F[7] = ${carry}; `) +
      `F[0] = ${flagOp(kind, 64)}; F[1] = ${a.lo}; F[2] = ${x.lo}; F[3] = ${r.lo}; F[4] = ${a.hi}; F[5] = ${x.hi}; F[6] = ${r.hi};`,
  );
}

/** Replaces the flags with explicit values: `flags` is an expression of RFLAGS status bits. */
export function setExplicitFlags(b: BlockBuilder, flags: string): void {
  b.flagSource = undefined;
  b.line(`F[0] = 0; F[1] = ${flags};`);
}

/** An expression for CF (0 or 1) at this point of the block. */
export function carryFlag(b: BlockBuilder): string {
  const src = b.flagSource;
  if (src !== undefined && (src.kind === FlagKind.Sub || src.kind === FlagKind.Logic)) return `(${condition(b, 3)} ? 1 : 0)`;
  return 'H.cf(F)';
}

/** An expression that is true when condition `cc` (iced ConditionCode) holds. */
export function condition(b: BlockBuilder, cc: number): string {
  const src = b.flagSource;
  const fused = src === undefined ? undefined : fusedCondition(src, cc);
  return fused ?? `C[${cc}](F)`;
}

function zero(src: FlagSource): string {
  return src.bits === 64 ? `((${src.r} | ${src.rh}) === 0)` : `(${src.r} === 0)`;
}

function negative(src: FlagSource): string {
  return src.bits === 64 ? `(${src.rh} < 0)` : signBit(src.r, src.bits);
}

/** Unsigned and signed a < b, and their ≤ forms, on the operands of a CMP/SUB. */
function compare(src: FlagSource, op: '<' | '<=', signedCompare: boolean): string {
  if (src.bits === 64) {
    const ha = signedCompare ? src.ah : `(${src.ah} >>> 0)`;
    const hb = signedCompare ? src.bh : `(${src.bh} >>> 0)`;
    return `(${ha} < ${hb} || (${src.ah} === ${src.bh} && (${src.a} >>> 0) ${op} (${src.b} >>> 0)))`;
  }
  const a = signedCompare ? signed(src.a, src.bits) : unsigned(src.a, src.bits);
  const b = signedCompare ? signed(src.b, src.bits) : unsigned(src.b, src.bits);
  return `(${a} ${op} ${b})`;
}

function fusedCondition(src: FlagSource, cc: number): string | undefined {
  switch (cc) {
    case 5:
      return zero(src);
    case 6:
      return `!${zero(src)}`;
    case 9:
      return negative(src);
    case 10:
      return `!${negative(src)}`;
  }
  if (src.kind === FlagKind.Sub) {
    switch (cc) {
      case 3:
        return compare(src, '<', false);
      case 4:
        return `!${compare(src, '<', false)}`;
      case 7:
        return compare(src, '<=', false);
      case 8:
        return `!${compare(src, '<=', false)}`;
      case 13:
        return compare(src, '<', true);
      case 14:
        return `!${compare(src, '<', true)}`;
      case 15:
        return compare(src, '<=', true);
      case 16:
        return `!${compare(src, '<=', true)}`;
    }
  }
  if (src.kind === FlagKind.Logic) {
    // CF and OF are clear after a logical operation, so the signed conditions reduce to SF and ZF.
    switch (cc) {
      case 1:
      case 3:
        return 'false';
      case 2:
      case 4:
        return 'true';
      case 7:
        return zero(src);
      case 8:
        return `!${zero(src)}`;
      case 13:
        return negative(src);
      case 14:
        return `!${negative(src)}`;
      case 15:
        return `(${zero(src)} || ${negative(src)})`;
      case 16:
        return `!(${zero(src)} || ${negative(src)})`;
    }
  }
  return undefined;
}
