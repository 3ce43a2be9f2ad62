import { comparisonEflags, doubleCompare, singleCompare } from '../../softfloat/compare.js';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { floatContext } from './floatLanes.js';
import { raiseFloatExceptions } from './mxcsr.js';
import { bitsOf, type XmmLanes } from './xmmLanes.js';

/**
 * The slow path of COMISS/COMISD (`signaling`: IE for any NaN) and UCOMISS/UCOMISD (IE for
 * SNaNs only): register `d`'s low lane against `source` lane `k`. Returns ZF PF CF as RFLAGS
 * bits (OF SF AF clear), or raises #XM at `rip` before the flags change.
 */
export function orderedCompare(s: X86RegisterFile, single: boolean, signaling: boolean, d: number, source: XmmLanes, k: number, rip: number): number {
  const ctx = floatContext(s.mxcsr);
  const a = s.x;
  const b = source.x;
  const comparison = single
    ? singleCompare(a[4 * d]! >>> 0, b[k]! >>> 0, ctx, signaling)
    : doubleCompare(bitsOf(a[4 * d]!, a[4 * d + 1]!), bitsOf(b[k]!, b[k + 1]!), ctx, signaling);
  raiseFloatExceptions(s, ctx.flags, rip);
  return comparisonEflags(comparison);
}
