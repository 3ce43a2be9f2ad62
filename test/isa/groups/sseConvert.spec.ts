/**
 * Focused host comparisons for the SSE/SSE2 conversions (sseConvert.ts): integers to floats around
 * the precision limits, floats to integers around the range limits (the integer indefinite), float
 * narrowing around the binary32 range, in every rounding mode, with DAZ/FTZ and unmasked IE, DE,
 * OE, UE and PE.
 */
import { it } from 'vitest';
import { assemble, caseFrom, describeWithHost, expectCasesSameAsHost, type IsaCase, SCRATCH_ADDRESS } from '../harness.js';
import { Random } from '../support/random.js';
import { DOUBLES, fromLanes32, fromLanes64, MXCSR_MODES, SINGLES } from './sseValues.js';

const scratch = new DataView(new ArrayBuffer(8));

function doubleBits(x: number): bigint {
  scratch.setFloat64(0, x, true);
  return scratch.getBigUint64(0, true);
}

function singleBits(x: number): number {
  scratch.setFloat32(0, x, true);
  return scratch.getUint32(0, true);
}

/** Values around the int32 and int64 range limits and the rounding ties. */
const NEAR_INTEGERS = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 2147483647.4, 2147483647.5, 2147483648, -2147483648.5, -2147483649, 9223372036854775807, -9223372036854775808, 2 ** 63, -(2 ** 63) - 4096, 1e300, 123456.789];

/** Doubles around the binary32 range: overflow, rounding to the largest finite, underflow to denormals and zero. */
const NEAR_SINGLE_RANGE = [3.4028234663852886e38, 3.4028235677973366e38, 3.402823567797337e38, 1e39, 1.1754943508222875e-38, 1.1754942e-38, 1e-40, 1.401298464324817e-45, 7e-46, 1e-50, 1 + 2 ** -24, 1 + 2 ** -23 + 2 ** -24];

const INTEGERS_32 = [0, 1, -1, 0x7fffffff, -0x80000000, 0x1000001, -0x1000001, 0x1000003, 16777217, 0x7fffffc0, 0x55555555];
const INTEGERS_64 = [0n, 1n, -1n, (1n << 53n) + 1n, -(1n << 53n) - 1n, (1n << 63n) - 1n, -(1n << 63n), (1n << 24n) + 1n, 0x7fffffffffffff01n, 0x123456789abcdefn, (1n << 62n) + 3n];

const MODES = MXCSR_MODES;

function cases(text: string, inputs: ReadonlyArray<Record<string, bigint | number>>, modes: readonly number[] = MODES): IsaCase[] {
  const code = assemble(text);
  return modes.flatMap((mxcsr) => inputs.map((input) => caseFrom(code, { ...input, mxcsr, xmm1: fromLanes32([0x11111111, 0x22222222, 0x33333333, 0x44444444]) })));
}

describeWithHost('SSE conversions against the host', () => {
  it('should convert 32- and 64-bit integers to floats, rounding as MXCSR says', () => {
    const all: IsaCase[] = [];
    for (const text of ['cvtsi2ss xmm1, eax', 'cvtsi2sd xmm1, eax']) all.push(...cases(text, INTEGERS_32.map((v) => ({ rax: v }))));
    for (const text of ['cvtsi2ss xmm1, rax', 'cvtsi2sd xmm1, rax']) all.push(...cases(text, INTEGERS_64.map((v) => ({ rax: v }))));
    all.push(...cases('cvtsi2sd xmm1, qword ptr [rbx]', [{ rbx: SCRATCH_ADDRESS + 3 }]));
    all.push(...cases('cvtsi2ss xmm1, dword ptr [rbx]', [{ rbx: SCRATCH_ADDRESS + 5 }]));
    expectCasesSameAsHost(all);
  });

  it('should convert packed int32 lanes to floats', () => {
    const random = new Random(0xd0);
    const vectors = Array.from({ length: 12 }, () => fromLanes32(Array.from({ length: 4 }, () => (random.chance(0.5) ? random.pick(INTEGERS_32) : random.u32()))));
    expectCasesSameAsHost([...cases('cvtdq2ps xmm1, xmm2', vectors.map((v) => ({ xmm2: v }))), ...cases('cvtdq2pd xmm1, xmm2', vectors.map((v) => ({ xmm2: v })))]);
  });

  it('should convert floats to integers, giving the integer indefinite for NaNs and out-of-range values', () => {
    const doubles = [...DOUBLES, ...NEAR_INTEGERS.map(doubleBits), ...NEAR_INTEGERS.map((x) => doubleBits(x / 2 ** 32))];
    const singles = [...SINGLES, ...NEAR_INTEGERS.map(singleBits)];
    const all: IsaCase[] = [];
    for (const mnemonic of ['cvtsd2si', 'cvttsd2si']) {
      for (const target of ['eax', 'rax']) all.push(...cases(`${mnemonic} ${target}, xmm2`, doubles.map((v) => ({ xmm2: v, rax: -1 }))));
    }
    for (const mnemonic of ['cvtss2si', 'cvttss2si']) {
      for (const target of ['eax', 'rax']) all.push(...cases(`${mnemonic} ${target}, xmm2`, singles.map((v) => ({ xmm2: BigInt(v), rax: -1 }))));
    }
    all.push(...cases('cvttsd2si eax, qword ptr [rbx]', [{ rbx: SCRATCH_ADDRESS + 1 }]));
    expectCasesSameAsHost(all);
  });

  it('should convert packed floats to int32 lanes, rounding or truncating', () => {
    const doubles = [...DOUBLES, ...NEAR_INTEGERS.map(doubleBits)];
    const singles = [...SINGLES, ...NEAR_INTEGERS.map(singleBits)];
    const all: IsaCase[] = [];
    for (const text of ['cvtpd2dq xmm1, xmm2', 'cvttpd2dq xmm1, xmm2']) {
      all.push(...cases(text, doubles.map((v, i) => ({ xmm2: fromLanes64([v, doubles[(i * 7 + 3) % doubles.length]!]) }))));
    }
    for (const text of ['cvtps2dq xmm1, xmm2', 'cvttps2dq xmm1, xmm2']) {
      all.push(...cases(text, singles.map((v, i) => ({ xmm2: fromLanes32([v, singles[(i * 5 + 1) % singles.length]!, singles[(i * 11 + 2) % singles.length]!, singles[(i * 3 + 7) % singles.length]!]) }))));
    }
    expectCasesSameAsHost(all);
  });

  it('should widen binary32 to binary64 exactly, quieting SNaNs', () => {
    const all: IsaCase[] = [];
    all.push(...cases('cvtss2sd xmm1, xmm2', SINGLES.map((v) => ({ xmm2: BigInt(v) }))));
    all.push(...cases('cvtps2pd xmm1, xmm2', SINGLES.map((v, i) => ({ xmm2: fromLanes32([v, SINGLES[(i * 7 + 5) % SINGLES.length]!, 0, 0]) }))));
    all.push(...cases('cvtps2pd xmm1, qword ptr [rbx]', [{ rbx: SCRATCH_ADDRESS + 7 }]));
    expectCasesSameAsHost(all);
  });

  it('should narrow binary64 to binary32 around the range limits in every mode', () => {
    const doubles = [...DOUBLES, ...NEAR_SINGLE_RANGE.flatMap((x) => [doubleBits(x), doubleBits(-x)])];
    const all: IsaCase[] = [];
    all.push(...cases('cvtsd2ss xmm1, xmm2', doubles.map((v) => ({ xmm2: v }))));
    all.push(...cases('cvtpd2ps xmm1, xmm2', doubles.map((v, i) => ({ xmm2: fromLanes64([v, doubles[(i * 7 + 5) % doubles.length]!]) }))));
    expectCasesSameAsHost(all);
  });
});
