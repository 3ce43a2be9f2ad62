import { it } from 'vitest';
import { caseFrom, describeWithHost, expectCasesSameAsHost, type IsaCase, type IsaInput, SCRATCH_ADDRESS, snippetBytes } from '../harness.js';
import { Random } from '../support/random.js';
import { FLAG_INPUTS } from './groupInputs.js';

const DF = 0x400;
const SUFFIX = { 1: 'b', 2: 'w', 4: 'd', 8: 'q' } as const;
const SIZES = [1, 2, 4, 8] as const;
type Size = (typeof SIZES)[number];
const rng = new Random(0x57a1);

const at = (offset: number): number => SCRATCH_ADDRESS + offset;

function casesOf(source: string, inputs: readonly IsaInput[]): IsaCase[] {
  const code = snippetBytes(source);
  return inputs.map((input) => caseFrom(code, input));
}

/** Each input forward (DF=0) and backward (DF=1), with the status flags clear and set. */
function bothDirections(inputs: readonly IsaInput[]): IsaInput[] {
  return inputs.flatMap((input) => FLAG_INPUTS.flatMap((flags) => [{ ...input, rflags: flags }, { ...input, rflags: flags | DF }]));
}

/** Bytes that repeat `text` to `length`, for strings that compare equal for a while. */
function repeated(text: number[], length: number): number[] {
  return Array.from({ length }, (_, i) => text[i % text.length]!);
}

describeWithHost('string instruction group', () => {
  it('should move, store, load, compare and scan one element of every size like the host', () => {
    const inputs = bothDirections([
      { rsi: at(0x100), rdi: at(0x200), rax: 0x1122_3344_5566_7788n, rcx: 5 },
      { rsi: at(0x300), rdi: at(0x300), rax: -1, rcx: 0 },
      { rsi: at(0xffd), rdi: at(0x7fe), rax: 0x80, rcx: 1, memory: { 0x7fe: [0x80, 0, 0, 0, 0, 0, 0, 0] } },
    ]);
    const cases = SIZES.flatMap((size) => ['movs', 'stos', 'lods', 'cmps', 'scas'].flatMap((op) => casesOf(`${op}${SUFFIX[size]}`, inputs)));
    expectCasesSameAsHost(cases);
  });

  it('should repeat MOVS and STOS over runs within a page, across the page boundary, and backward', () => {
    const runs: IsaInput[] = [];
    for (const count of [0, 1, 2, 7, 64, 300]) {
      runs.push({ rsi: at(0x010), rdi: at(0x900), rcx: count });
      runs.push({ rsi: at(0xe03), rdi: at(0x1001), rcx: count });
      runs.push({ rsi: at(0x1800), rdi: at(0xf00 + (count % 7)), rcx: count });
    }
    runs.push({ rsi: at(0x0), rdi: at(0x1000), rcx: 0x1000 / 8 - 1 });
    const inputs = bothDirections(runs.map((r) => ({ ...r, rax: 0x0102_0304_a5b6_c7d8n })));
    const cases = SIZES.flatMap((size) => [...casesOf(`rep movs${SUFFIX[size]}`, inputs), ...casesOf(`rep stos${SUFFIX[size]}`, inputs)]);
    expectCasesSameAsHost(cases);
  });

  it('should copy overlapping runs element by element, as REP MOVS does, in both directions', () => {
    const inputs: IsaInput[] = [];
    for (const gap of [1, 2, 3, 4, 5, 7, 8, 9, 16, 100, 1000]) {
      for (const count of [3, 40, 513]) {
        inputs.push({ rsi: at(0x400), rdi: at(0x400 + gap), rcx: count });
        inputs.push({ rsi: at(0xc00 + gap), rdi: at(0xc00), rcx: count });
      }
    }
    const cases = SIZES.flatMap((size) => casesOf(`rep movs${SUFFIX[size]}`, bothDirections(inputs)));
    expectCasesSameAsHost(cases);
  });

  it('should stop a faulting REP MOVS/STOS with RSI, RDI and RCX describing the elements done', () => {
    const inputs: IsaInput[] = [
      { rsi: at(0x100), rdi: at(0xf00), rcx: 0x200, secondPage: 'ro' },
      { rsi: at(0x100), rdi: at(0xf03), rcx: 0x200, secondPage: 'none' },
      { rsi: at(0xf05), rdi: at(0x100), rcx: 0x200, secondPage: 'none' },
      { rsi: at(0x300), rdi: at(0x40), rcx: 0x200, rflags: 0x202 | DF },
      { rsi: at(0x24), rdi: at(0x800), rcx: 0x200, rflags: 0x202 | DF },
      { rsi: at(0x100), rdi: at(0x1000), rcx: 3, secondPage: 'ro' },
    ];
    const cases = SIZES.flatMap((size) => [...casesOf(`rep movs${SUFFIX[size]}`, inputs), ...casesOf(`rep stos${SUFFIX[size]}`, inputs)]);
    expectCasesSameAsHost(cases);
  });

  it('should stop a faulting REP LODS/CMPS/SCAS with the registers and flags of the elements done', () => {
    const equalTail = repeated([0x41, 0x42, 0x43], 0x80);
    const inputs: IsaInput[] = [
      { rsi: at(0xf80), rdi: at(0x80), rcx: 0x100, secondPage: 'none', memory: { 0xf80: equalTail, 0x80: equalTail } },
      { rsi: at(0x80), rdi: at(0xf80), rcx: 0x100, secondPage: 'none', rax: 0x41, memory: { 0xf80: equalTail, 0x80: equalTail } },
    ];
    const cases = SIZES.flatMap((size) => ['rep lods', 'repe cmps', 'repne scas', 'repe scas'].flatMap((op) => casesOf(`${op}${SUFFIX[size]}`, inputs)));
    expectCasesSameAsHost(cases);
  });

  it('should compare and scan with REPE/REPNE until RCX runs out or the condition fails, like the host', () => {
    const text = repeated([0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90], 0x200);
    const inputs: IsaInput[] = [];
    for (const count of [0, 1, 2, 17, 0x100]) {
      for (const differAt of [0, 1, 9, 40, 0x180]) {
        const other = text.slice();
        other[differAt] = (other[differAt]! + 1) & 0xff;
        inputs.push({ rsi: at(0x100), rdi: at(0x600), rcx: count, rax: 0x1020_3040_5060_7080n, memory: { 0x100: text, 0x600: other } });
        inputs.push({ rsi: at(0x300), rdi: at(0x800), rcx: count, rax: 0x90n, memory: { 0x300: text, 0x800: text.map((b, i) => (i === differAt ? 0x90 : b === 0x90 ? 0x91 : b)) } });
      }
    }
    const cases = SIZES.flatMap((size) => ['repe cmps', 'repne cmps', 'repe scas', 'repne scas'].flatMap((op) => casesOf(`${op}${SUFFIX[size]}`, bothDirections(inputs))));
    expectCasesSameAsHost(cases);
  });

  it('should repeat LODS, keeping the last element, like the host', () => {
    const inputs = bothDirections([0, 1, 5].map((rcx) => ({ rsi: at(0x808), rcx, rax: 0x1111_2222_3333_4444n })));
    expectCasesSameAsHost(SIZES.flatMap((size: Size) => casesOf(`rep lods${SUFFIX[size]}`, inputs)));
  });

  it('should use ESI, EDI and ECX under a 0x67 prefix like the host', () => {
    const high = 0x5555_0000_0000_0000n;
    const inputs = bothDirections([
      { rsi: high | BigInt(at(0x100)), rdi: high | BigInt(at(0x900)), rcx: high | 9n, rax: 0x77 },
      { rsi: high | BigInt(at(0x100)), rdi: high | BigInt(at(0x900)), rcx: high, rax: 0x77 },
    ]);
    const cases = ['movs', 'stos', 'lods', 'cmps', 'scas'].flatMap((op) => [...casesOf(`addr32 rep ${op}b`, inputs), ...casesOf(`addr32 ${op}d`, inputs)]);
    expectCasesSameAsHost(cases);
  });

  it('should repeat MOVS and STOS under an F2 prefix like the host', () => {
    const inputs = bothDirections([{ rsi: at(0x100), rdi: at(0x900), rcx: 10, rax: 0x5a }]);
    expectCasesSameAsHost(['movsb', 'stosb', 'movsq', 'stosq', 'lodsw'].flatMap((op) => casesOf(`.byte 0xf2; ${op}`, inputs)));
  });

  it('should copy and fill random runs like the host', () => {
    const inputs = Array.from({ length: 60 }, () => ({
      rsi: at(rng.below(0x1f00)),
      rdi: at(rng.below(0x1f00)),
      rcx: rng.below(0x180),
      rax: rng.u64(),
      rflags: rng.chance(0.3) ? 0x202 | DF : 0x202,
    }));
    const cases = SIZES.flatMap((size) => [...casesOf(`rep movs${SUFFIX[size]}`, inputs), ...casesOf(`rep stos${SUFFIX[size]}`, inputs)]);
    expectCasesSameAsHost(cases);
  });
});
