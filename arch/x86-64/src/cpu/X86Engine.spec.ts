import { AddressSpace, CpuExit, CpuExitKind, Protection } from '@ubp/core';
import { describe, expect, it } from 'vitest';
import { x86_64Descriptor } from '../descriptor.js';
import { X86RegisterFile } from './state/X86RegisterFile.js';
import { X86Engine } from './X86Engine.js';

const CODE = 0x400000;

function machine(code: number[]) {
  const space = new AddressSpace(x86_64Descriptor.layout);
  const memory = space.memory;
  space.map({ address: CODE, length: 0x1000, prot: Protection.Read | Protection.Exec, fixed: true });
  space.map({ address: 0x7ff000, length: 0x1000, prot: Protection.Read | Protection.Write, fixed: true });
  memory.poke(CODE, Uint8Array.from(code));
  const regs = new X86RegisterFile();
  regs.rip = CODE;
  regs.sp = 0x800000;
  let now = 0;
  const engine = new X86Engine(memory, { nowNs: () => now++ });
  return { memory, regs, engine };
}

describe('X86Engine', () => {
  it('should run a counting loop to the syscall that ends it', () => {
    const { regs, engine } = machine([
      0xb9, 0x0a, 0x00, 0x00, 0x00, // mov ecx, 10
      0x31, 0xc0, //                   xor eax, eax
      0x01, 0xc8, //                   loop: add eax, ecx
      0xff, 0xc9, //                   dec ecx
      0x75, 0xfa, //                   jnz loop
      0x0f, 0x05, //                   syscall
    ]);
    const exit = new CpuExit();
    engine.run(regs, 1000, exit);
    expect(exit.kind).toBe(CpuExitKind.Syscall);
    expect(regs.read('rax')).toBe(55n);
    expect(regs.rip).toBe(CODE + 15);
    expect(engine.retired).toBe(2 + 3 * 10 + 1);
  });

  it('should push and pop through the stack and return from a call', () => {
    const { regs, engine } = machine([
      0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff, // mov rax, -1
      0xe8, 0x02, 0x00, 0x00, 0x00, //             call +2
      0x0f, 0x05, //                               syscall
      0x50, //                                     push rax
      0x5b, //                                     pop rbx
      0x48, 0x83, 0xc3, 0x02, //                   add rbx, 2
      0xc3, //                                     ret
    ]);
    const exit = new CpuExit();
    engine.run(regs, 1000, exit);
    expect(exit.kind).toBe(CpuExitKind.Syscall);
    expect(regs.read('rbx')).toBe(1n);
    expect(regs.sp).toBe(0x800000);
  });

  it('should fault with the address of a store to read-only memory', () => {
    const { regs, engine } = machine([
      0xc7, 0x04, 0x25, 0x00, 0x00, 0x40, 0x00, 0x01, 0x00, 0x00, 0x00, // mov dword [0x400000], 1
    ]);
    const exit = new CpuExit();
    engine.run(regs, 1000, exit);
    expect(exit.kind).toBe(CpuExitKind.Fault);
    expect(exit.address).toBe(CODE);
    expect(exit.pc).toBe(CODE);
  });

  it('should run new bytes written after an undecodable instruction, not its old #UD', () => {
    const { memory, regs, engine } = machine([
      0xf0, 0x00, 0xc0, // lock add al, al: #UD (LOCK needs a memory destination)
    ]);
    const exit = new CpuExit();
    engine.run(regs, 1000, exit);
    expect(exit.kind).toBe(CpuExitKind.Fault);
    memory.poke(CODE, Uint8Array.from([0xf0, 0x00, 0x04, 0x25, 0x00, 0xf0, 0x7f, 0x00, 0x0f, 0x05])); // lock add [0x7ff000], al; syscall
    regs.rip = CODE;
    regs.write('rax', 5n);
    engine.run(regs, 1000, exit);
    expect(exit.kind).toBe(CpuExitKind.Syscall);
    expect(memory.read(0x7ff000, 1, 'read')[0]).toBe(5);
  });
});
