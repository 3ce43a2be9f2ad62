import { it } from 'vitest';
import { caseFrom, describeWithHost, expectCasesSameAsHost, type IsaCase, type IsaInput, PAGE, SCRATCH_ADDRESS, snippetBytes } from '../harness.js';
import { le64, noisy, noisyEdges, PTR, RAX, RBX, RCX, WIDTHS, withFlags } from './groupInputs.js';

const TARGET = SCRATCH_ADDRESS + 0x100;

function casesOf(source: string, inputs: readonly IsaInput[]): IsaCase[] {
  const code = snippetBytes(source);
  return withFlags(inputs).map((input) => caseFrom(code, input));
}

/** Accumulator and destination equal (the exchange happens) and not, over the width's edges. */
function comparisons(bits: number, destination: 'rbx' | 'memory'): IsaInput[] {
  const edges = noisyEdges(bits);
  return edges.flatMap((value, i) => {
    const other = edges[(i + 3) % edges.length]!;
    const place = (v: bigint): IsaInput => (destination === 'rbx' ? { rbx: noisy(v, bits) } : { rbx: TARGET, memory: { 0x100: le64(v) } });
    return [
      { rax: value, rcx: other, ...place(value) },
      { rax: value, rcx: other, ...place(other) },
      { rax: other, rcx: value, ...place(value ^ 1n) },
    ];
  });
}

describeWithHost('atomic instruction group', () => {
  it('should compare and exchange registers of every width like the host, success and failure', () => {
    const cases = WIDTHS.flatMap((w) => [...casesOf(`cmpxchg ${RBX[w]}, ${RCX[w]}`, comparisons(w, 'rbx')), ...casesOf(`lock cmpxchg ${PTR[w]} [rbx], ${RCX[w]}`, comparisons(w, 'memory'))]);
    expectCasesSameAsHost(cases);
  });

  it('should compare and exchange with the accumulator itself as destination or source', () => {
    const cases = WIDTHS.flatMap((w) => [...casesOf(`cmpxchg ${RAX[w]}, ${RCX[w]}`, comparisons(w, 'rbx')), ...casesOf(`cmpxchg ${RBX[w]}, ${RAX[w]}`, comparisons(w, 'rbx'))]);
    expectCasesSameAsHost(cases);
  });

  it('should exchange and add like the host, also a register with itself', () => {
    const inputs = (w: number): IsaInput[] => noisyEdges(w).flatMap((a) => noisyEdges(w).filter((_, i) => i % 4 === 0).map((c) => ({ rbx: a, rcx: c })));
    const cases = WIDTHS.flatMap((w) => [
      ...casesOf(`xadd ${RBX[w]}, ${RCX[w]}`, inputs(w)),
      ...casesOf(`xadd ${RCX[w]}, ${RCX[w]}`, inputs(w)),
      ...casesOf(`lock xadd ${PTR[w]} [rdx], ${RCX[w]}`, inputs(w).map((input) => ({ ...input, rdx: TARGET, memory: { 0x100: le64(BigInt(input.rbx!)) } }))),
    ]);
    expectCasesSameAsHost(cases);
  });

  it('should compare and exchange 8 and 16 bytes like the host, success and failure', () => {
    const memory = [0x0123_4567_89ab_cdefn, 0xfedc_ba98_7654_3210n];
    const image = { 0x100: [...le64(memory[0]!), ...le64(memory[1]!)] };
    const registers = { rbx: 0x1111_2222_3333_4444n, rcx: 0x5555_6666_7777_8888n };
    const inputs: IsaInput[] = [
      { ...registers, rax: memory[0]!, rdx: memory[1]! },
      { ...registers, rax: noisy(memory[0]!, 32), rdx: noisy(memory[0]! >> 32n, 32) },
      { ...registers, rax: memory[0]!, rdx: memory[1]! ^ 1n },
      { ...registers, rax: memory[0]! ^ (1n << 63n), rdx: memory[1]! },
      { ...registers, rax: -1, rdx: -1 },
    ].map((input) => ({ ...input, rdi: TARGET, memory: image }));
    expectCasesSameAsHost([...casesOf('lock cmpxchg8b qword ptr [rdi]', inputs), ...casesOf('lock cmpxchg16b xmmword ptr [rdi]', inputs)]);
  });

  it('should fault like the host: misaligned CMPXCHG16B, read-only and unmapped operands', () => {
    const inputs: IsaInput[] = [
      { rdi: TARGET + 8 },
      { rdi: TARGET + 1 },
      { rdi: SCRATCH_ADDRESS + PAGE, secondPage: 'ro' },
      { rdi: SCRATCH_ADDRESS + PAGE + 0x10, secondPage: 'none' },
      { rdi: SCRATCH_ADDRESS + PAGE + 8, secondPage: 'none' },
    ];
    const failing = inputs.map((input) => ({ ...input, rax: 1, rdx: 2 }));
    const succeeding = inputs.map((input) => ({ ...input, rax: 0, rdx: 0, rbx: 5, memory: { 0x1000: new Array<number>(32).fill(0), 0x100: new Array<number>(32).fill(0) } }));
    const cases = [...failing, ...succeeding].flatMap((input) => [
      ...casesOf('cmpxchg16b xmmword ptr [rdi]', [input]),
      ...casesOf('cmpxchg8b qword ptr [rdi]', [input]),
      ...casesOf('cmpxchg dword ptr [rdi], ebx', [input]),
      ...casesOf('xadd qword ptr [rdi], rbx', [input]),
    ]);
    expectCasesSameAsHost(cases);
  });
});
