/**
 * Near branches with an operand-size prefix, which the host (AMD) honours in 64-bit mode where
 * Intel ignores it: the target is truncated to 16 bits, CALL pushes and RET pops a 2-byte return
 * address. Every 16-bit target is below 64 KiB, where Linux maps nothing, so a taken branch stops
 * with a fetch fault at its target; the run compares where, and what was pushed or popped.
 * Written as bytes: GNU as does not emit these forms in 64-bit mode.
 */
import { it } from 'vitest';
import { describeWithHost, expectSameAsHost, SCRATCH_ADDRESS, STACK_ADDRESS } from '../harness.js';

const ZF = 0x40;
const STACK_TOP = STACK_ADDRESS - SCRATCH_ADDRESS;

/** Both ways of a conditional branch: ZF set and clear. */
const EITHER_WAY = [{ rflags: 0x202 | ZF }, { rflags: 0x202 }];

/** A 16-bit return address (and more) at the default RSP, as memory input. */
function returnAddress(bytes: readonly number[]): { memory: Record<number, readonly number[]> } {
  return { memory: { [STACK_TOP]: bytes } };
}

describeWithHost('16-bit near branches (AMD)', () => {
  it('should truncate the target of a taken Jcc rel8 and rel16 to 16 bits, and fall through otherwise', () => {
    expectSameAsHost([0x66, 0x74, 0x10], EITHER_WAY);
    expectSameAsHost([0x66, 0x75, 0xf0], EITHER_WAY);
    expectSameAsHost([0x66, 0x0f, 0x84, 0x34, 0x12], EITHER_WAY);
    expectSameAsHost([0x66, 0x0f, 0x85, 0x00, 0x80], EITHER_WAY);
  });

  it('should truncate JMP rel8 and rel16 targets', () => {
    expectSameAsHost([0x66, 0xeb, 0x10], [{}]);
    expectSameAsHost([0x66, 0xe9, 0xfa, 0x0e], [{}]);
  });

  it('should jump to the zero-extended 16-bit register or memory operand of JMP r/m16', () => {
    expectSameAsHost([0x66, 0xff, 0xe0], [{ rax: 0x1234 }, { rax: 0x8000_0000_0000_5678n }, { rax: -1 }]);
    expectSameAsHost([0x66, 0x41, 0xff, 0xe7], [{ r15: 0xdead_beef_0000_0ff0n }]);
    expectSameAsHost([0x66, 0xff, 0x23], [{ rbx: SCRATCH_ADDRESS + 0x10 }, { rbx: SCRATCH_ADDRESS + 0xfff, secondPage: 'none' }]);
  });

  it('should push a 2-byte return address for CALL rel16 and CALL r/m16', () => {
    expectSameAsHost([0x66, 0xe8, 0x14, 0x0b], [{}, { rsp: SCRATCH_ADDRESS + 0x1001, secondPage: 'ro' }]);
    expectSameAsHost([0x66, 0xff, 0xd0], [{ rax: 0x1234 }, { rax: 0xffff_ffff_ffff_8000n }]);
    expectSameAsHost([0x66, 0xff, 0x13], [{ rbx: SCRATCH_ADDRESS + 0x10 }, { rbx: SCRATCH_ADDRESS + 0xfff, secondPage: 'none' }]);
  });

  it('should pop a 2-byte return address for RET and RET imm16, releasing the immediate on top', () => {
    expectSameAsHost([0x66, 0xc3], [returnAddress([0x34, 0x12, 0xff, 0xff]), { rsp: SCRATCH_ADDRESS + 0x1fff, secondPage: 'none' }]);
    expectSameAsHost([0x66, 0xc2, 0x10, 0x00], [returnAddress([0xcd, 0xab])]);
    expectSameAsHost([0x66, 0xc2, 0xff, 0xff], [returnAddress([0x00, 0x10])]);
  });

  it('should count RCX (ECX with 0x67) and truncate the target of LOOPcc and JRCXZ/JECXZ', () => {
    const counters = [0n, 1n, 2n, 0x1_0000_0001n].flatMap((rcx) => [{ rcx, rflags: 0x202 | ZF }, { rcx, rflags: 0x202 }]);
    for (const opcode of [0xe0, 0xe1, 0xe2, 0xe3]) {
      expectSameAsHost([0x66, opcode, 0x10], counters);
      expectSameAsHost([0x66, 0x67, opcode, 0x10], counters);
    }
  });

  it('should read LOCK MOV from CR0 as MOV from CR8 (privileged: SIGSEGV), not as an invalid opcode', () => {
    expectSameAsHost([0xf0, 0x0f, 0x20, 0xc0], [{}]);
  });
});
