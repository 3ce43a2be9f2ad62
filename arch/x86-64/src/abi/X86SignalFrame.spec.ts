import { AddressSpace, Protection, SiCode, Signal, SS_DISABLE } from '@ubp/core';
import { describe, expect, it } from 'vitest';
import { x86_64Descriptor } from '../descriptor.js';
import { X86RegisterFile } from '../cpu/state/X86RegisterFile.js';
import { X86SignalFrame } from './X86SignalFrame.js';

const STACK_TOP = 0x7ff000000000;

function stack() {
  const space = new AddressSpace(x86_64Descriptor.layout);
  space.map({ address: STACK_TOP - 0x4000, length: 0x4000, prot: Protection.Read | Protection.Write, fixed: true });
  return space.memory;
}

describe('X86SignalFrame', () => {
  it('should give every general register back bit for bit after the handler, whatever its value', () => {
    const memory = stack();
    const regs = new X86RegisterFile();
    // Values a JavaScript number cannot hold exactly (compilers keep such constants in registers).
    const values = [0x8f5c28f5c28f5c29n, 0x028f5c28f5c28f5cn, 0xffffffffffffffffn, 0x8000000000000001n, 0x0123456789abcdefn, 0xfedcba9876543211n];
    const names = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];
    names.forEach((name, i) => regs.write(name, values[i % values.length]! ^ BigInt(i)));
    regs.sp = STACK_TOP - 0x100;
    regs.rip = 0x401234;
    const before = names.map((name) => regs.read(name));
    const frames = new X86SignalFrame();
    frames.push(regs, memory, {
      signal: Signal.SIGUSR1,
      info: { signo: Signal.SIGUSR1, code: SiCode.SI_TKILL, pid: 1, uid: 0 },
      action: { handler: 0x402000, flags: 0, restorer: 0x403000, mask: 0n },
      savedMask: 0n,
      altStack: { sp: 0, size: 0, flags: SS_DISABLE },
      altStackTop: undefined,
    });
    regs.write('r13', 0n);
    regs.sp += 8; // the handler's ret pops pretcode
    frames.pop(regs, memory);
    expect(names.map((name) => regs.read(name))).toEqual(before);
    expect(regs.rip).toBe(0x401234);
  });
});
