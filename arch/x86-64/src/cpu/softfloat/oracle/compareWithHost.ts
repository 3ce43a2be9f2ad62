import { emulate } from './emulate.js';
import { runHostOracle } from './hostOracle.js';

export interface Disagreement {
  line: string;
  host: string;
  emulated: string;
}

/** Runs every line on the host and through the library; returns the lines where they differ. */
export function disagreementsWithHost(lines: readonly string[]): Disagreement[] {
  const host = runHostOracle(lines);
  const disagreements: Disagreement[] = [];
  lines.forEach((line, i) => {
    const expected = host[i] ?? '';
    let emulated: string;
    try {
      emulated = emulate(line);
    } catch (error) {
      emulated = `threw ${String(error)}`;
    }
    if (emulated !== expected) disagreements.push({ line, host: expected, emulated });
  });
  return disagreements;
}

/** A compact report for an assertion message: how many, and the first few. */
export function describeDisagreements(disagreements: readonly Disagreement[], total: number, shown = 20): string {
  const head = disagreements.slice(0, shown).map((d) => `${d.line}\n    host ${d.host}\n    ours ${d.emulated}`);
  return `${disagreements.length}/${total} disagree\n${head.join('\n')}`;
}

/** Distance in units in the last place between two 80-bit encodings of the same sign (Infinity otherwise). */
export function extendedUlpDistance(a: bigint, b: bigint): number {
  if (a >> 79n !== b >> 79n) return a === b ? 0 : Infinity;
  const ordinal = (bits: bigint): bigint => {
    const exponent = (bits >> 64n) & 0x7fffn;
    const significand = bits & 0xffffffffffffffffn;
    return exponent === 0n ? significand : (exponent - 1n) * (1n << 63n) + significand;
  };
  const distance = ordinal(a) - ordinal(b);
  return Number(distance < 0n ? -distance : distance);
}
