/**
 * Focused host comparisons for the alu group (add adc sub sbb and or xor cmp test inc dec neg
 * not) beyond what the generic suite does with single instructions: the flags as the next
 * instructions of the same block read them (fused conditions, carry chains, CF kept by INC/DEC),
 * and flags and memory when a later instruction faults.
 */
import { it } from 'vitest';
import { assemble, caseFrom, describeWithHost, expectCasesSameAsHost, expectSameAsHost, type IsaCase, type IsaInput, SCRATCH_ADDRESS } from '../harness.js';

const WIDTHS = [
  { bits: 8, a: 'al', b: 'bl' },
  { bits: 16, a: 'ax', b: 'bx' },
  { bits: 32, a: 'eax', b: 'ebx' },
  { bits: 64, a: 'rax', b: 'rbx' },
] as const;
const CONDITIONS = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];
const BINARY = ['add', 'adc', 'sub', 'sbb', 'cmp', 'and', 'or', 'xor', 'test'];
const UNARY = ['inc', 'dec', 'neg', 'not'];
const CF = 0x1;

/** Operand pairs around the width's sign and carry boundaries, under CF clear and set. */
function operandPairs(bits: number): IsaInput[] {
  const top = 1n << BigInt(bits - 1);
  const ones = (1n << BigInt(bits)) - 1n;
  const values = [0n, 1n, top - 1n, top, ones, 0x5an & ones];
  const inputs: IsaInput[] = [];
  values.forEach((a, i) => {
    const b = values[(i * 5 + 3) % values.length]!;
    // Upper bits that narrow operations must leave alone.
    const high = 0x1234_5678_9abc_def0n & ~ones;
    inputs.push({ rax: high | a, rbx: high | b, rdx: -1, rflags: 0x202 }, { rax: high | a, rbx: high | a, rdx: -1, rflags: 0x202 | CF | 0x800 });
  });
  return inputs;
}

/** Every producer of each width followed by `consumer` (assembled separately and joined: two assemblies instead of a product). */
function producerCases(consumers: readonly string[]): IsaCase[] {
  const cases: IsaCase[] = [];
  for (const w of WIDTHS) {
    const producers = [...BINARY.map((op) => `${op} ${w.a}, ${w.b}`), ...UNARY.map((op) => `${op} ${w.a}`)];
    for (const producer of producers) {
      for (const consumer of consumers) {
        const code = Uint8Array.from([...assemble(producer), ...assemble(consumer)]);
        for (const input of operandPairs(w.bits)) cases.push(caseFrom(code, input));
      }
    }
  }
  return cases;
}

describeWithHost('alu group against the host', () => {
  it('should give every condition SETcc reads right after each flag producer', () => {
    expectCasesSameAsHost(producerCases(CONDITIONS.map((cc) => `set${cc} dl`)));
  });

  it('should give every condition CMOVcc and Jcc read right after each flag producer', () => {
    expectCasesSameAsHost(producerCases(CONDITIONS.flatMap((cc) => [`cmov${cc} rdx, rsi`, `j${cc} 1f; mov edx, 7; 1: nop`])));
  });

  it('should carry through ADC and SBB chains after each producer', () => {
    expectCasesSameAsHost(producerCases(['adc rdx, rbx', 'sbb edx, ebx', 'adc dl, 0', 'sbb dx, -1']));
  });

  it('should keep CF across INC and DEC whatever set it', () => {
    expectCasesSameAsHost(producerCases(['inc ecx; setc dl', 'dec rcx; adc edx, 0', 'inc cl; sbb rdx, 0']));
  });

  it('should leave memory and the earlier flags alone when a locked read-modify-write crosses into a read-only page', () => {
    const inputs: IsaInput[] = [1, 2, 3, 4, 5, 6, 7].map((back) => ({ rbx: SCRATCH_ADDRESS + 0x1000 - back, rax: -1, rcx: 5, rflags: 0x202, secondPage: 'ro' }));
    for (const op of ['lock add [rbx], eax', 'lock xor qword ptr [rbx], rax', 'sub word ptr [rbx], ax', 'neg qword ptr [rbx]', 'cmp ecx, 5; lock inc dword ptr [rbx]']) {
      expectSameAsHost(op, inputs);
    }
  });

  it('should show the flags of the last completed instruction in the state of a later fault', () => {
    const unmapped = { rdx: SCRATCH_ADDRESS + 0x1800, secondPage: 'none' } as const;
    expectSameAsHost('cmp eax, ebx; mov ecx, [rdx]', operandPairs(32).map((input) => ({ ...input, ...unmapped })));
    expectSameAsHost('add rax, rbx; inc rcx; add dword ptr [rdx], 1', operandPairs(64).map((input) => ({ ...input, ...unmapped })));
    expectSameAsHost('sub al, bl; adc byte ptr [rdx], 1', operandPairs(8).map((input) => ({ ...input, ...unmapped })));
  });
});
