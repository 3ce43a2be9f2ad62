/**
 * Focused host comparisons for the stack and branch groups: the order in which PUSH/POP, ENTER,
 * LEAVE, CALL, RET and JMP change memory and registers when they fault, their 16-bit forms, and
 * the counter of a LOOP with an address-size prefix.
 */
import { it } from 'vitest';
import { CODE_ADDRESS, describeWithHost, expectSameAsHost, SCRATCH_ADDRESS } from '../harness.js';

const NON_CANONICAL = 0x8000_0000_0000_0000n | BigInt(CODE_ADDRESS);
const TARGET = CODE_ADDRESS + 0x100;
const STACK_TOP = 0x800;

/** A qword at the default RSP, as memory input. */
function onStack(value: bigint | number): Record<number, number[]> {
  const bytes: number[] = [];
  let v = BigInt.asUintN(64, BigInt(value));
  for (let i = 0; i < 8; i++, v >>= 8n) bytes.push(Number(v & 0xffn));
  return { [STACK_TOP]: bytes };
}

describeWithHost('stack and branch groups against the host', () => {
  it('should fault on a POP to memory with RSP unchanged, and address [RSP+n] after the increment', () => {
    const ro = { rbx: SCRATCH_ADDRESS + 0x1000, secondPage: 'ro' } as const;
    expectSameAsHost('pop qword ptr [rbx]', [ro, { ...ro, rbx: SCRATCH_ADDRESS + 0xffc }]);
    expectSameAsHost('pop word ptr [rbx]', [ro]);
    expectSameAsHost('pop qword ptr [rsp+8]', [{}]);
    expectSameAsHost('pop qword ptr [rsp]', [{}]);
    expectSameAsHost('pop rsp', [{}]);
    expectSameAsHost('push rsp; push qword ptr [rsp]; push qword ptr [rsp+16]', [{}]);
  });

  it('should probe the frame of ENTER after storing RBP, and run the 16-bit ENTER and LEAVE', () => {
    expectSameAsHost('enter 0x900, 0', [{ rbp: 0x1234 }]);
    expectSameAsHost('enter 0x10, 0', [{ rsp: SCRATCH_ADDRESS + 0x1008, secondPage: 'ro' }]);
    expectSameAsHost('data16 enter 0x20, 0', [{ rbp: 0x1111_2222_3333_4444n }]);
    expectSameAsHost('data16 leave', [{ rbp: SCRATCH_ADDRESS + 0x400 }, { rbp: SCRATCH_ADDRESS + 0x1ffe, secondPage: 'none' }]);
    expectSameAsHost('leave', [{ rbp: SCRATCH_ADDRESS + 0x400 }, { rbp: SCRATCH_ADDRESS + 0x1ffc, secondPage: 'none' }]);
  });

  it('should fault on the branch itself, with nothing pushed or popped, for a non-canonical target', () => {
    expectSameAsHost('call rbp', [{ rbp: NON_CANONICAL }, { rbp: TARGET }]);
    expectSameAsHost('jmp rbp', [{ rbp: NON_CANONICAL }, { rbp: TARGET }]);
    expectSameAsHost('ret', [{ memory: onStack(NON_CANONICAL) }, { memory: onStack(TARGET) }]);
    expectSameAsHost('ret 0x10', [{ memory: onStack(NON_CANONICAL) }, { memory: onStack(TARGET) }]);
    expectSameAsHost('cmp eax, ebx; jmp rcx', [{ rax: 1, rbx: 2, rcx: NON_CANONICAL }]);
  });

  it('should count in ECX for an address-size-prefixed LOOP', () => {
    const counters = [0n, 1n, 2n, 0x1_0000_0000n, 0x1_0000_0001n, 0xdead_beef_0000_0002n].map((rcx) => ({ rcx, rflags: 0x242 }));
    for (const op of ['loop', 'loope', 'loopne']) {
      expectSameAsHost(`addr32 ${op} 1f; nop; 1: nop`, counters);
      expectSameAsHost(`${op} 1f; nop; 1: nop`, counters);
    }
  });

  it('should raise SIGSEGV for the privileged control and debug register moves', () => {
    expectSameAsHost('mov rax, cr0', [{}]);
    expectSameAsHost('mov cr8, rax', [{}]);
    expectSameAsHost('mov rax, dr7', [{}]);
    expectSameAsHost('mov dr0, rax', [{}]);
  });

  it('should raise SIGBUS for a non-canonical stack-segment address (#SS), SIGSEGV for others (#GP)', () => {
    const bad = 0x8000_0000_0000_0000n;
    expectSameAsHost('push rax', [{ rsp: bad }]);
    expectSameAsHost('pop rax', [{ rsp: bad }]);
    expectSameAsHost('mov rax, [rbp+8]', [{ rbp: bad }]);
    expectSameAsHost('mov rax, [rbx]', [{ rbx: bad }]);
  });
});
