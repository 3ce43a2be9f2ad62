import { it } from 'vitest';
import { edgeValues } from '../forms/values.js';
import { caseFrom, describeWithHost, expectCasesSameAsHost, type IsaCase, type IsaInput, SCRATCH_ADDRESS, snippetBytes } from '../harness.js';
import { Random } from '../support/random.js';
import { le64, noisy, noisyEdges, PTR, RAX, RBX, RCX, RDX, type Width, WIDTHS, withFlags } from './groupInputs.js';

const TARGET = SCRATCH_ADDRESS + 0x80;
const rng = new Random(0x5eed_d1f);

function casesOf(source: string, inputs: readonly IsaInput[]): IsaCase[] {
  const code = snippetBytes(source);
  return withFlags(inputs).map((input) => caseFrom(code, input));
}

/** Every pair of the width's edge values, then random pairs: rax and rcx under noisy upper bits. */
function operandPairs(bits: number, randomPairs = 24): IsaInput[] {
  const edges = noisyEdges(bits);
  const mask = (1n << BigInt(bits)) - 1n;
  const random = Array.from({ length: randomPairs }, () => ({ rax: noisy(rng.u64() & mask, bits), rcx: noisy(rng.u64() >> BigInt(rng.below(64)), bits) }));
  return [...edges.flatMap((rax) => edges.map((rcx) => ({ rax, rcx, rdx: 0x7777_5555_3333_1111n }))), ...random];
}

const mask = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
const signedOf = (v: bigint, bits: number): bigint => BigInt.asIntN(bits, v);

/**
 * Dividend and divisor inputs for DIV/IDIV at `bits`: quotients that fit (built as q·d + r from
 * chosen parts, so that every size of divisor and quotient occurs), divisors of 0, quotients one
 * past the limit, the signed minimum by -1, and raw random registers (which mostly overflow).
 */
function divisions(bits: number, isSigned: boolean): IsaInput[] {
  const inputs: IsaInput[] = [];
  const w = BigInt(bits);
  const put = (dividend: bigint, divisor: bigint): void => {
    const wide = BigInt.asUintN(2 * bits, dividend);
    const low = wide & mask(bits);
    const high = wide >> w;
    const registers = bits === 8 ? { rax: noisy(wide, 16) } : { rax: noisy(low, bits), rdx: noisy(high, bits) };
    inputs.push({ ...registers, rcx: noisy(BigInt.asUintN(bits, divisor), bits) });
  };
  // Divisors of each size around the word, digit and double boundaries of the runtime's paths.
  const divisorSizes = [1, 2, 7, 8, 15, 16, 20, 21, 22, 31, 32, 33, 52, 53, 54, 63, 64].filter((size) => size <= (isSigned ? bits - 1 : bits));
  for (const size of divisorSizes) {
    for (let k = 0; k < 4; k++) {
      const top = 1n << BigInt(size - 1);
      const divisorMagnitude = top | (rng.u64() & (top - 1n));
      const quotientMagnitude = rng.u64() & mask(rng.below(isSigned ? bits - 1 : bits) + 1);
      const remainderMagnitude = rng.u64() % divisorMagnitude;
      const d = isSigned && rng.chance(0.5) ? -divisorMagnitude : divisorMagnitude;
      const q = isSigned && rng.chance(0.5) ? -quotientMagnitude : quotientMagnitude;
      const negative = q * d < 0n || (q * d === 0n && isSigned && rng.chance(0.5));
      put(q * d + (negative ? -remainderMagnitude : remainderMagnitude), d);
    }
  }
  const limit = isSigned ? 1n << (w - 1n) : 1n << w;
  put(0n, 0n);
  put(12345n, 0n);
  put(limit * 3n, 3n);
  put(limit * 3n - 1n, 3n);
  put((limit - 1n) * 7n + 6n, 7n);
  if (isSigned) {
    put(-limit, -1n);
    put(-limit, 1n);
    put(-(limit - 1n), -1n);
    put(limit * -3n, 3n);
    put(limit * -3n - 1n, 3n);
    put(-(limit - 1n) * 7n - 6n, 7n);
    put(-7n, 2n);
    put(7n, -2n);
    put(-7n, -2n);
  }
  for (let k = 0; k < 8; k++) inputs.push({ rax: rng.u64(), rdx: rng.u64(), rcx: rng.u64() });
  for (let k = 0; k < 8; k++) inputs.push({ rax: rng.u64(), rdx: rng.chance(0.5) ? 0 : -1, rcx: rng.u64() >> BigInt(rng.below(64)) });
  return inputs;
}

describeWithHost('multiply and divide group', () => {
  it('should multiply the accumulator by a register of every width like the host (MUL, one-operand IMUL)', () => {
    const cases = ['mul', 'imul'].flatMap((op) => WIDTHS.flatMap((w) => casesOf(`${op} ${RCX[w]}`, operandPairs(w))));
    expectCasesSameAsHost(cases);
  });

  it('should multiply into a register with two and three operands like the host', () => {
    const cases = ([16, 32, 64] as const).flatMap((w) => [
      ...casesOf(`imul ${RAX[w]}, ${RCX[w]}`, operandPairs(w)),
      ...[-128, -1, 0, 1, 3, 127].flatMap((imm) => casesOf(`imul ${RAX[w]}, ${RCX[w]}, ${imm}`, operandPairs(w, 4))),
      ...[-0x8000_0000, 0x7fff_ffff, 0x1_0001, 1000].map((imm) => (w === 16 ? imm & 0x7fff : imm)).flatMap((imm) => casesOf(`imul ${RAX[w]}, ${RCX[w]}, ${imm}`, operandPairs(w, 4))),
    ]);
    expectCasesSameAsHost(cases);
  });

  it('should multiply memory operands like the host', () => {
    const values = (w: Width): IsaInput[] => edgeValues(w).map((v, i) => ({ rax: noisyEdges(w).at(-1 - i)!, rbx: TARGET, memory: { 0x80: le64(noisy(v, w)) } }));
    const cases = WIDTHS.flatMap((w) => [
      ...casesOf(`mul ${PTR[w]} [rbx]`, values(w)),
      ...casesOf(`imul ${PTR[w]} [rbx]`, values(w)),
      ...(w === 8 ? [] : casesOf(`imul ${RAX[w]}, ${PTR[w]} [rbx]`, values(w))),
      ...(w === 8 ? [] : casesOf(`imul ${RDX[w]}, ${PTR[w]} [rbx], -3`, values(w))),
    ]);
    expectCasesSameAsHost(cases);
  });

  // SF ZF AF PF: the host keeps them, and so does the emulator when they were stored; but they are
  // undefined, so the block's flag liveness may drop the earlier instruction's record (only CF and OF are tested).
  it('should give CF and OF of a multiplication, not of the earlier comparison, to a condition in the block', () => {
    const tail = 'setc r11b; seto r12b';
    expectCasesSameAsHost([
      ...casesOf(`cmp eax, ebx; imul ecx, edx; ${tail}`, [{ rax: 1, rbx: 1, rcx: 0x10000, rdx: 0x10000 }, { rax: 0, rbx: 1, rcx: 3, rdx: 5 }]),
      ...casesOf(`sub rax, rbx; mul rcx; ${tail}`, [{ rax: 1, rbx: 2, rcx: 5 }, { rax: 1, rbx: 1, rcx: 5 }]),
      ...casesOf(`add rax, rbx; imul rcx, rdx; ${tail}`, [{ rax: -1, rbx: 1, rcx: 1n << 40n, rdx: 1n << 30n }, { rax: 3, rbx: 1, rcx: -2, rdx: 3 }]),
    ]);
  });

  it('should divide every width like the host, and raise the same #DE', () => {
    const cases = ['div', 'idiv'].flatMap((op) => WIDTHS.flatMap((w) => casesOf(`${op} ${RCX[w]}`, divisions(w, op === 'idiv'))));
    expectCasesSameAsHost(cases);
  });

  it('should divide by memory operands like the host', () => {
    const cases = ['div', 'idiv'].flatMap((op) =>
      WIDTHS.flatMap((w) =>
        casesOf(
          `${op} ${PTR[w]} [rbx]`,
          divisions(w, op === 'idiv')
            .filter((_, i) => i % 4 === 0)
            .map(({ rcx, ...rest }) => ({ ...rest, rbx: TARGET, memory: { 0x80: le64(BigInt(rcx ?? 0)) } })),
        ),
      ),
    );
    expectCasesSameAsHost(cases);
  });

  it('should sign-extend the accumulator like the host (CBW CWDE CDQE CWD CDQ CQO)', () => {
    const inputs = WIDTHS.flatMap((w) => noisyEdges(w).map((rax) => ({ rax, rdx: 0x1234_5678_9abc_def0n })));
    expectCasesSameAsHost(['cbw', 'cwde', 'cdqe', 'cwd', 'cdq', 'cqo'].flatMap((op) => casesOf(op, inputs)));
  });

  it('should multiply and divide registers other than the accumulator pair', () => {
    expectCasesSameAsHost([
      ...casesOf(`imul ${RBX[64]}, r9, 5; imul r10d, ${RDX[32]}`, [{ rbx: 3, r9: -7, rdx: 1 << 20, r10: -1 }]),
      ...casesOf('mul bh; imul ah', [{ rax: 0x1280, rbx: 0x7f00 }]),
    ]);
  });
});
