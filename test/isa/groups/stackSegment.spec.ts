/**
 * Non-canonical addresses through the stack segment. An access through SS (the implicit stack
 * access of PUSH, POP, CALL, RET, LEAVE, ENTER, PUSHF, POPF, or a memory operand based on RSP or
 * RBP) is a #SS, which Linux delivers as SIGBUS with SI_KERNEL and no address; any other is a #GP
 * (SIGSEGV). In 64-bit mode the CS/DS/ES/SS overrides are ignored, so only the base register (and
 * an FS or GS override) decides.
 */
import { it } from 'vitest';
import { describeWithHost, expectSameAsHost, SCRATCH_ADDRESS } from '../harness.js';

const BAD = 0x8000_0000_0000_0000n;
/** Mapped scratch memory, for the operand that is not the faulting one. */
const MAPPED = SCRATCH_ADDRESS + 0x100;

describeWithHost('non-canonical stack-segment addresses', () => {
  it('should raise #SS for the implicit stack access of every stack instruction', () => {
    for (const op of ['push rax', 'pop rax', 'pushfq', 'popfq', 'call 1f; 1:', 'ret', 'ret 8', 'enter 8, 0', 'push qword ptr [rbx]', 'pop qword ptr [rbx]', 'call qword ptr [rbx]']) {
      expectSameAsHost(op, [{ rsp: BAD, rbx: MAPPED }]);
    }
    expectSameAsHost([0x66, 0xc3], [{ rsp: BAD }]);
    expectSameAsHost('leave', [{ rbp: BAD }]);
  });

  it('should raise #SS for a memory operand based on RSP or RBP, whatever the index or a DS override', () => {
    expectSameAsHost('mov rax, [rbp+8]', [{ rbp: BAD }]);
    expectSameAsHost('mov rax, [rsp+8]', [{ rsp: BAD }]);
    expectSameAsHost('mov rax, [rsp+rbx]', [{ rsp: BAD }]);
    expectSameAsHost('mov rax, [rbp+rbx]', [{ rbx: BAD }]);
    expectSameAsHost('add [rbp], eax', [{ rbp: BAD }]);
    expectSameAsHost([0x3e, 0x48, 0x8b, 0x45, 0x08], [{ rbp: BAD }]);
  });

  it('should raise #GP for other bases, an SS override on them, an FS override, and the DS operand of PUSH/POP/CALL', () => {
    expectSameAsHost('mov rax, [rbx]', [{ rbx: BAD }]);
    expectSameAsHost('mov rax, [r13+8]', [{ r13: BAD }]);
    expectSameAsHost('mov rax, [rax+rbp]', [{ rbp: BAD }]);
    expectSameAsHost([0x36, 0x48, 0x8b, 0x03], [{ rbx: BAD }]);
    expectSameAsHost([0x64, 0x48, 0x8b, 0x45, 0x08], [{ rbp: BAD }]);
    expectSameAsHost('push qword ptr [rbx]', [{ rbx: BAD }, { rbx: BAD, rsp: BAD }]);
    expectSameAsHost('pop qword ptr [rbx]', [{ rbx: BAD }]);
    expectSameAsHost('call qword ptr [rbx]', [{ rbx: BAD }]);
  });

  it('should raise #SS for a stack access that crosses into non-canonical space', () => {
    expectSameAsHost('push rax', [{ rsp: 0x8000_0000_0004n }]);
    expectSameAsHost('pop rax', [{ rsp: 0x7fff_ffff_fffcn }]);
    expectSameAsHost('mov eax, [rbp]', [{ rbp: 0x7fff_ffff_fffen }]);
  });

  it("should report a fault of CALL's push before a non-canonical target, and push nothing for the target's #GP", () => {
    expectSameAsHost('call rbp', [
      { rbp: BAD, rsp: BAD },
      { rbp: BAD, rsp: 0x1000 },
      { rbp: BAD, rsp: SCRATCH_ADDRESS + 0x1008, secondPage: 'ro' },
      { rbp: BAD },
    ]);
  });
});
