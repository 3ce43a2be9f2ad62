import { expect, it } from 'vitest';
import { caseFrom, CODE_ADDRESS, compareResults, describeWithHost, expectCasesSameAsHost, ignoredOutputs, type IsaCase, type IsaInput, PAGE, runOnEmulator, runOnHost, SCRATCH_ADDRESS, snippetBytes } from '../harness.js';
import { Random } from '../support/random.js';
import { le64, noisy, noisyEdges, PTR, RAX, RCX, withFlags } from './groupInputs.js';

const BIT_TESTS = ['bt', 'bts', 'btr', 'btc'] as const;
const WIDTHS = [16, 32, 64] as const;
const SIGILL = 4;
const ILL_ILLOPN = 2;
const rng = new Random(0xb175);

/** Middle of the scratch area, so that bit offsets reach both ways. */
const MIDDLE = SCRATCH_ADDRESS + 0x800;

function casesOf(source: string, inputs: readonly IsaInput[]): IsaCase[] {
  const code = snippetBytes(source);
  return withFlags(inputs).map((input) => caseFrom(code, input));
}

/** Bit offsets: each side of the width, the 64-bit edge, and negative ones. */
function offsets(bits: number): bigint[] {
  return [0n, 1n, BigInt(bits - 1), BigInt(bits), BigInt(bits + 1), 63n, 64n, 255n, -1n, -BigInt(bits), -BigInt(bits + 1)];
}

/** Sources for a bit scan: zero, single bits at both ends, edges, and random sparse values. */
function scanSources(bits: number): bigint[] {
  const mask = (1n << BigInt(bits)) - 1n;
  const singles = [0, 1, bits / 2, bits - 2, bits - 1].map((i) => 1n << BigInt(i));
  const random = Array.from({ length: 12 }, () => rng.u64() & rng.u64() & (mask >> BigInt(rng.below(bits))));
  return [0n, ...singles, ...noisyEdges(bits).map((v) => v & mask), ...random];
}

describeWithHost('bit instruction group', () => {
  it('should test and change bits of registers by register and immediate offsets like the host', () => {
    const cases = BIT_TESTS.flatMap((op) =>
      WIDTHS.flatMap((w) => [
        ...casesOf(`${op} ${RAX[w]}, ${RCX[w]}`, offsets(w).flatMap((offset) => noisyEdges(w).map((rax) => ({ rax, rcx: noisy(offset, w) })))),
        ...[0, 5, w - 1, w, 200].flatMap((offset) => casesOf(`${op} ${RAX[w]}, ${offset}`, noisyEdges(w).map((rax) => ({ rax })))),
      ]),
    );
    expectCasesSameAsHost(cases);
  });

  it('should test and change bits in memory by immediate offsets like the host', () => {
    const cases = BIT_TESTS.flatMap((op) =>
      WIDTHS.flatMap((w) => [3, w - 1, w + 3, 255].flatMap((offset) => casesOf(`${op} ${PTR[w]} [rbx], ${offset}`, [{ rbx: MIDDLE }, { rbx: MIDDLE + 1, memory: { 0x800: le64(-1n) } }]))),
    );
    expectCasesSameAsHost(cases);
  });

  it('should address bits far before and after a memory operand by a signed register offset like the host', () => {
    const reach = (w: number): bigint[] => [...offsets(w), 0x3fffn, -0x4000n, 8n * 0x7f0n, -8n * 0x7f0n, ...Array.from({ length: 6 }, () => BigInt(rng.below(0x7f00)) - 0x3f80n)];
    const cases = BIT_TESTS.flatMap((op) =>
      WIDTHS.flatMap((w) => casesOf(`${op} ${PTR[w]} [rbx + 4], ${RCX[w]}`, reach(w).map((offset) => ({ rbx: MIDDLE, rcx: noisy(BigInt.asUintN(w, offset), w) })))),
    );
    expectCasesSameAsHost(cases);
  });

  it('should fault where a bit offset leads out of mapped memory as the host does', () => {
    const cases = BIT_TESTS.flatMap((op) => [
      ...casesOf(`${op} dword ptr [rbx], ecx`, [{ rbx: SCRATCH_ADDRESS, rcx: -1 }, { rbx: SCRATCH_ADDRESS + PAGE - 4, rcx: 32, secondPage: 'none' }, { rbx: SCRATCH_ADDRESS, rcx: 8 * PAGE, secondPage: 'ro' }]),
      ...casesOf(`${op} qword ptr [rbx], rcx`, [{ rbx: SCRATCH_ADDRESS, rcx: 1n << 62n }, { rbx: SCRATCH_ADDRESS, rcx: -(1n << 62n) }, { rbx: SCRATCH_ADDRESS, rcx: -(1n << 63n) }, { rbx: SCRATCH_ADDRESS, rcx: 8n * BigInt(PAGE) * 2n }]),
      ...casesOf(`${op} word ptr [rbx], cx`, [{ rbx: SCRATCH_ADDRESS, rcx: 0x8000 }, { rbx: SCRATCH_ADDRESS + PAGE - 2, rcx: 16, secondPage: 'none' }]),
    ]);
    expectCasesSameAsHost(cases);
  });

  it('should scan bits forward and backward like the host, keeping the destination for a zero source', () => {
    const cases = ['bsf', 'bsr'].flatMap((op) =>
      WIDTHS.flatMap((w) => [
        ...casesOf(`${op} ${RAX[w]}, ${RCX[w]}`, scanSources(w).map((v) => ({ rax: noisy(0x5an, w) | (0xffffn << 48n), rcx: noisy(v, w) }))),
        ...casesOf(`${op} ${RAX[w]}, ${PTR[w]} [rbx]`, scanSources(w).filter((_, i) => i % 3 === 0).map((v) => ({ rax: -1, rbx: MIDDLE, memory: { 0x800: le64(v) } }))),
      ]),
    );
    expectCasesSameAsHost(cases);
  });

  // This host has BMI1 and LZCNT, so its own TZCNT/LZCNT count; the emulated CPU model has
  // neither, and there F3 0F BC/BD execute as BSF/BSR. The emulator's TZCNT is compared with the
  // host's BSF (after a one-byte NOP, so that both snippets end at the same address).
  it('should execute TZCNT as BSF and LZCNT as BSR, as a CPU without BMI1/LZCNT does', () => {
    for (const [counting, scanning] of [['tzcnt', 'bsf'], ['lzcnt', 'bsr']] as const) {
      for (const w of WIDTHS) {
        const inputs = withFlags(scanSources(w).map((v) => ({ rax: -1, rcx: noisy(v, w) })));
        const emulated = inputs.map((input) => caseFrom(snippetBytes(`${counting} ${RAX[w]}, ${RCX[w]}`), input));
        const reference = inputs.map((input) => caseFrom(snippetBytes(`nop; ${scanning} ${RAX[w]}, ${RCX[w]}`), input));
        const host = runOnHost(reference);
        const emulator = runOnEmulator(emulated);
        reference.forEach((c, i) => expect(compareResults(host[i]!, emulator[i]!, ignoredOutputs(c))).toEqual([]));
        // What the host's own TZCNT/LZCNT does with a zero source: the operand width, not BSF's unchanged destination.
        const hostCount = runOnHost([emulated[0]!])[0]!;
        expect(hostCount.gpr[0]).toBe(w === 16 ? 0xffff_ffff_ffff_0010n : BigInt(w));
      }
    }
  });

  it('should raise SIGILL for POPCNT, which the CPU model does not have', () => {
    const [result] = runOnEmulator([caseFrom(snippetBytes('nop; popcnt eax, ecx'), { rcx: 7 })]);
    expect([result!.signal, result!.siCode, result!.rip]).toEqual([SIGILL, ILL_ILLOPN, BigInt(CODE_ADDRESS + 1)]);
  });

  it('should swap bytes like the host (BSWAP r16 clears the register on this host)', () => {
    const inputs = noisyEdges(64).map((v) => ({ rax: v, rbx: v, r9: v }));
    expectCasesSameAsHost([...casesOf('bswap eax; bswap rbx; bswap r9d', inputs), ...casesOf('.byte 0x66, 0x0f, 0xc8', inputs)]);
  });
});
