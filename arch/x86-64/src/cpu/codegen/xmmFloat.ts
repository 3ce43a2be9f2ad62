import { type BlockBuilder } from './BlockBuilder.js';
import { Alignment, laneSource, type LaneSource, registerLanes } from './xmm.js';

/*
 * Shapes shared by the emitters of SSE floating-point instructions. Each has a fast path of plain
 * JS arithmetic on float lanes, guarded by checks that it gives the x86 result (see
 * runtime/sse/plainFloat.ts), and a slow path, a runtime call that handles every case exactly.
 */

export type Precision = 32 | 64;

/** MXCSR masks every exception and rounds to nearest: the fast path's precondition (DAZ and FTZ do not matter to it). */
export const PLAIN_MODE = '(s.mxcsr & 0x7f80) === 0x1f80';

const PE = 0x20;

/** The float lane `i` of a lane source, as an element of its float32 or float64 view. */
export function floatLane(source: LaneSource, precision: Precision, i: number): string {
  return precision === 32 ? `${source.holder}.xf[${source.base + i}]` : `${source.holder}.xd[${source.base / 2 + i}]`;
}

/** Operand 1 of an instruction on `lanes` float lanes: scalar memory operands need no alignment, packed ones do. */
export function floatSource(b: BlockBuilder, precision: Precision, lanes: number): LaneSource {
  return laneSource(b, 1, (lanes * precision) / 8, lanes === 1 ? Alignment.None : Alignment.Packed);
}

export function readFloats(b: BlockBuilder, source: LaneSource, precision: Precision, lanes: number): string[] {
  return Array.from({ length: lanes }, (_, i) => b.temp(floatLane(source, precision, i)));
}

/** Stores float results into register `d`'s lanes (never NaNs: those take the slow path). */
export function writeFloats(d: number, precision: Precision, results: readonly string[]): string {
  return results.map((r, i) => `${floatLane(registerLanes(d), precision, i)} = ${r};`).join(' ');
}

/** Sets PE (sticky, so only while it is clear) when one of the lanes was inexact. */
export function raiseInexact(checks: readonly string[]): string {
  return `if ((s.mxcsr & ${PE}) === 0 && (${checks.join(' || ')})) s.mxcsr |= ${PE};`;
}

/** Runs `fast` (lines) when `condition` holds, else the slow-path call `slow`. */
export function fastOrSlow(b: BlockBuilder, condition: string, fast: readonly string[], slow: string): void {
  b.line(`if (${condition}) {`);
  for (const line of fast) b.line(line);
  b.line(`} else ${slow};`);
}
