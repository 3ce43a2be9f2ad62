import { type BlockBuilder } from './BlockBuilder.js';
import { type Pair } from './Pair.js';

/**
 * The address LEA computes, as an exact 64-bit pair. LEA is arithmetic as often as addressing
 * (compilers use it for x*5+k), so it must wrap modulo 2^64 on any register values; the low
 * halves are summed as numbers (exact, well below 2^53) and the carry moved into the high half.
 * LEA ignores segment bases.
 */
export function leaAddress(b: BlockBuilder): Pair {
  const insn = b.insn;
  if (insn.ripRelative) {
    const value = insn.displacement;
    return { lo: String(value | 0), hi: String(Math.floor(value / 4294967296) | 0) };
  }
  const base = insn.memBase;
  const index = insn.memIndex;
  const scale = insn.memScale;
  const lowParts = [base >= 0 ? `(R[${2 * base}] >>> 0)` : '', index >= 0 ? `(R[${2 * index}] >>> 0) * ${scale}` : '', String(insn.displacement)].filter((p) => p !== '');
  const highParts = [base >= 0 ? `R[${2 * base + 1}]` : '', index >= 0 ? `R[${2 * index + 1}] * ${scale}` : ''].filter((p) => p !== '');
  const low = b.temp(lowParts.join(' + '));
  const lo = b.temp(`${low} | 0`);
  if (insn.address32) return { lo: b.temp(`${low} | 0`), hi: '0' };
  const carry = `Math.floor(${low} * 2.3283064365386963e-10)`;
  return { lo, hi: b.temp(`(${[...highParts, carry].join(' + ')}) | 0`) };
}
