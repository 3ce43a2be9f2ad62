import { AddressSpace, CpuExit, CpuExitKind, Protection } from '@ubp/core';
import { describe, expect, it } from 'vitest';
import { x86_64Descriptor } from '../../descriptor.js';
import { X86RegisterFile } from '../state/X86RegisterFile.js';
import { X86Engine } from '../X86Engine.js';

// The differential suite (test/isa/groups/string.spec.ts) compares these instructions with the
// host; what it cannot set up is here: code rewritten by REP MOVS, long runs, FS overrides.

const CODE = 0x400000;
const DATA = 0x1000000;
const DATA_PAGES = 64;

function machine(code: number[]) {
  const space = new AddressSpace(x86_64Descriptor.layout);
  const memory = space.memory;
  space.map({ address: CODE, length: 0x1000, prot: Protection.Read | Protection.Write | Protection.Exec, fixed: true });
  space.map({ address: 0x7ff000, length: 0x1000, prot: Protection.Read | Protection.Write, fixed: true });
  space.map({ address: DATA, length: DATA_PAGES * 0x1000, prot: Protection.Read | Protection.Write, fixed: true });
  memory.poke(CODE, Uint8Array.from(code));
  const regs = new X86RegisterFile();
  regs.rip = CODE;
  regs.sp = 0x800000;
  let now = 0;
  const engine = new X86Engine(memory, { nowNs: () => now++ });
  const run = (): void => {
    const exit = new CpuExit();
    engine.run(regs, 10_000, exit);
    expect(exit.kind).toBe(CpuExitKind.Syscall);
  };
  return { memory, regs, run };
}

describe('string instructions on the engine', () => {
  it('should run the new code after REP MOVS rewrote code that had been translated', () => {
    const code = new Array<number>(0x300).fill(0xcc);
    code.splice(0, 0x23, ...[
      0xe8, 0xfb, 0x00, 0x00, 0x00, //                   call 0x100
      0x48, 0xc7, 0xc6, 0x00, 0x02, 0x40, 0x00, //       mov rsi, 0x400200
      0x48, 0xc7, 0xc7, 0x00, 0x01, 0x40, 0x00, //       mov rdi, 0x400100
      0xb9, 0x06, 0x00, 0x00, 0x00, //                   mov ecx, 6
      0xf3, 0xa4, //                                     rep movsb
      0x89, 0xc3, //                                     mov ebx, eax
      0xe8, 0xdf, 0x00, 0x00, 0x00, //                   call 0x100
      0x0f, 0x05, //                                     syscall
    ]);
    code.splice(0x100, 6, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xc3); // mov eax, 1; ret
    code.splice(0x200, 6, 0xb8, 0x02, 0x00, 0x00, 0x00, 0xc3); // mov eax, 2; ret
    const { regs, run } = machine(code);
    run();
    expect([regs.read('rbx'), regs.read('rax')]).toEqual([1n, 2n]);
  });

  it('should copy and fill runs of many pages, forward and backward', () => {
    const length = (DATA_PAGES / 2) * 0x1000;
    const { memory, regs, run } = machine([
      0xf3, 0xaa, //             rep stosb              (fill the first half with AL)
      0x48, 0x89, 0xd9, //       mov rcx, rbx
      0x4c, 0x89, 0xc6, //       mov rsi, r8
      0x4c, 0x89, 0xcf, //       mov rdi, r9
      0xfd, //                   std
      0xf3, 0x48, 0xa5, //       rep movsq              (copy it backward into the second half)
      0xfc, //                   cld
      0x48, 0x89, 0xca, //       mov rdx, rcx           (the syscall that stops the run writes RCX)
      0x0f, 0x05, //             syscall
    ]);
    regs.write('rax', 0x5an);
    regs.write('rdi', BigInt(DATA));
    regs.write('rcx', BigInt(length));
    regs.write('rbx', BigInt(length / 8));
    regs.write('r8', BigInt(DATA + length - 8));
    regs.write('r9', BigInt(DATA + 2 * length - 8));
    run();
    const copy = memory.read(DATA + length, length);
    expect(copy.every((byte) => byte === 0x5a)).toBe(true);
    expect([regs.read('rdx'), regs.read('rsi'), regs.read('rdi')]).toEqual([0n, BigInt(DATA - 8), BigInt(DATA + length - 8)]);
  });

  it('should read the source of LODS through an FS override', () => {
    const { memory, regs, run } = machine([0x64, 0x48, 0xad, 0x0f, 0x05]); // lods rax, qword ptr fs:[rsi]; syscall
    memory.poke(DATA + 0x10, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    regs.fsBase = DATA;
    regs.write('rsi', 0x10n);
    run();
    expect([regs.read('rax'), regs.read('rsi')]).toEqual([0x0807060504030201n, 0x18n]);
  });
});
