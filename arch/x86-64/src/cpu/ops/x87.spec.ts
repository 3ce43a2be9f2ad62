import { AddressSpace, CpuExit, CpuExitKind, Protection, SiCode, Signal } from '@ubp/core';
import { describe, expect, it } from 'vitest';
import { x86_64Descriptor } from '../../descriptor.js';
import { X86RegisterFile } from '../state/X86RegisterFile.js';
import { X86Engine } from '../X86Engine.js';

const CODE = 0x400000;
const STACK = 0x800000;

function run(code: number[], prepare: (regs: X86RegisterFile) => void = () => undefined) {
  const space = new AddressSpace(x86_64Descriptor.layout);
  const memory = space.memory;
  space.map({ address: CODE, length: 0x1000, prot: Protection.Read | Protection.Exec, fixed: true });
  space.map({ address: STACK - 0x1000, length: 0x1000, prot: Protection.Read | Protection.Write, fixed: true });
  memory.poke(CODE, Uint8Array.from([...code, 0x0f, 0x05]));
  const regs = new X86RegisterFile();
  regs.rip = CODE;
  regs.sp = STACK - 0x100;
  prepare(regs);
  let now = 0;
  const engine = new X86Engine(memory, { nowNs: () => now++ });
  const exit = new CpuExit();
  engine.run(regs, 1000, exit);
  return { regs, exit, memory };
}

const FLD1 = [0xd9, 0xe8];
const FLDZ = [0xd9, 0xee];
const FDIVP = [0xde, 0xf9];
const FNOP = [0xd9, 0xd0];

describe('x87 instructions on the engine', () => {
  it('should record the last non-control instruction and its data pointer, which FNSTENV stores', () => {
    const { regs, memory, exit } = run([
      0xdd, 0x44, 0x24, 0x08, //   fld qword [rsp+8]
      ...FLD1,
      0xd9, 0x7c, 0x24, 0x20, //   fnstcw [rsp+32] (a control instruction: records nothing)
      0xd9, 0x74, 0x24, 0x40, //   fnstenv [rsp+64]
    ]);
    expect(exit.kind).toBe(CpuExitKind.Syscall);
    const environment = new DataView(memory.read(regs.sp + 64, 28).buffer);
    expect(environment.getUint32(12, true)).toBe(CODE + 4);
    expect(environment.getUint32(16, true)).toBe(0x33 | (0x1e8 << 16));
    expect(environment.getUint32(20, true)).toBe(regs.sp + 8);
    expect(environment.getUint32(24, true)).toBe(0xffff002b);
  });

  it('should fault at the next waiting instruction after an unmasked exception, with FPE_FLTDIV', () => {
    // fld1; fldz; fdivp; xor eax, eax; fnop; mov eax, 7
    const { regs, exit } = run([...FLD1, ...FLDZ, ...FDIVP, 0x31, 0xc0, ...FNOP, 0xb8, 0x07, 0x00, 0x00, 0x00], (r) => {
      r.x87.control = 0x037b;
      r.write('rax', 5n);
    });
    expect(exit.kind).toBe(CpuExitKind.Fault);
    expect([exit.signal, exit.code, exit.address, exit.pc]).toEqual([Signal.SIGFPE, SiCode.FPE_FLTDIV, CODE + 8, CODE + 8]);
    expect(regs.x87.statusWord).toBe(0x8084 | (6 << 11));
    expect(regs.read('rax')).toBe(0n);
  });

  it('should leave the flags of FCOMI to a conditional jump in the same block', () => {
    const { regs } = run(
      [
        ...FLDZ,
        ...FLD1,
        0xdf, 0xf1, //             fcomip st, st(1)
        0xb8, 0x01, 0x00, 0x00, 0x00, // mov eax, 1
        0x77, 0x05, //             ja +5
        0xb8, 0x02, 0x00, 0x00, 0x00, // mov eax, 2
      ],
      (r) => (r.rflags = 0x8d5),
    );
    expect(regs.read('rax')).toBe(1n);
    expect(regs.rflags & 0x8d5).toBe(0);
    expect(regs.x87.top).toBe(7);
  });

  it('should give FNSTSW AX to SAHF', () => {
    const { regs } = run([...FLD1, ...FLDZ, 0xd8, 0xd1, 0xdf, 0xe0, 0x9e, 0x0f, 0x92, 0xc2]); // fcom st(1); fnstsw ax; sahf; setb dl (the closing syscall writes RCX)
    expect(regs.read('dl')).toBe(1n);
    expect(regs.read('ax')).toBe(BigInt(0x0100 | (6 << 11)));
  });
});
