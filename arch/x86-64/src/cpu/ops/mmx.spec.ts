import { AddressSpace, CpuExit, CpuExitKind, Protection, SegvCode, Signal } from '@ubp/core';
import { describe, expect, it } from 'vitest';
import { Code, CodeExt, CpuidFeature, EncodingKind, Instruction, OpCodeOperandKind as K } from '../../decode/iced.js';
import { x86_64Descriptor } from '../../descriptor.js';
import { implementedCodes } from '../dispatch/dispatchTable.js';
import { fxsaveImage } from '../state/fxsaveImage.js';
import { X86RegisterFile } from '../state/X86RegisterFile.js';
import { X86Engine } from '../X86Engine.js';

const CODE = 0x400000;
const DATA = 0x600000;
const CODE_COUNT = Object.values(Code).filter((v) => typeof v === 'number').length;
const MMX_OPERANDS = new Set<number>([K.mm_reg, K.mm_rm, K.mm_or_mem]);

/** Every legacy 64-bit form with an MMX register operand, by whether its CPUID features are all the model's (MMX, SSE, SSE2). */
function mmxForms(): { model: number[]; other: number[] } {
  const model: number[] = [];
  const other: number[] = [];
  for (let code = 0; code < CODE_COUNT; code++) {
    const info = CodeExt.opCode(code);
    const instruction = Instruction.create(code);
    try {
      if (info.encoding !== EncodingKind.Legacy || !info.mode64) continue;
      let mmx = false;
      for (let i = 0; i < info.opCount; i++) if (MMX_OPERANDS.has(info.opKind(i))) mmx = true;
      if (!mmx) continue;
      const features = Array.from(instruction.cpuidFeatures());
      (features.every((f) => [CpuidFeature.MMX, CpuidFeature.SSE, CpuidFeature.SSE2].includes(f)) ? model : other).push(code);
    } finally {
      info.free();
      instruction.free();
    }
  }
  return { model, other };
}

/** Runs `code` (then a syscall) with a data page of protection `prot` at DATA. */
function run(code: number[], prot: number, prepare: (regs: X86RegisterFile) => void) {
  const space = new AddressSpace(x86_64Descriptor.layout);
  space.map({ address: CODE, length: 0x1000, prot: Protection.Read | Protection.Exec, fixed: true });
  space.map({ address: DATA, length: 0x1000, prot, fixed: true });
  space.memory.poke(CODE, Uint8Array.from([...code, 0x0f, 0x05]));
  const regs = new X86RegisterFile();
  regs.rip = CODE;
  prepare(regs);
  const exit = new CpuExit();
  new X86Engine(space.memory, { nowNs: () => 0 }).run(regs, 1000, exit);
  return { regs, exit };
}

describe('MMX and CLFLUSH on the engine', () => {
  it('should implement every MMX form the CPU model advertises, and none of SSSE3 or 3DNow!', () => {
    const implemented = new Set(implementedCodes());
    const { model, other } = mmxForms();
    expect(model.filter((code) => !implemented.has(code))).toEqual([]);
    expect(other.filter((code) => implemented.has(code))).toEqual([]);
    expect(model.length).toBe(86);
    expect([Code.Emms, Code.Clflush_m8].every((code) => implemented.has(code))).toBe(true);
    expect([Code.Femms, Code.Clflushopt_m8].some((code) => implemented.has(code))).toBe(false);
  });

  it('should add MMX registers in the x87 registers and leave the x87 state as MMX code does', () => {
    // fld1; movq mm1, rax; paddw mm1, mm1; movq rdx, mm1
    const { regs, exit } = run([0xd9, 0xe8, 0x48, 0x0f, 0x6e, 0xc8, 0x0f, 0xfd, 0xc9, 0x48, 0x0f, 0x7e, 0xca], Protection.Read, (r) => r.write('rax', 0x8001_7fff_0001_ffffn));
    expect(exit.kind).toBe(CpuExitKind.Syscall);
    expect(regs.read('rdx')).toBe(0x0002_fffe_0002_fffen);
    expect([regs.x87.top, regs.x87.valid]).toEqual([0, 0xff]);
    expect(regs.x87.readPhysical(1)).toEqual({ sign: 1, exponent: 0x7fff, significand: 0x0002_fffe_0002_fffen });
    // The 1.0 FLD1 pushed into R7 is still there.
    expect(regs.x87.readPhysical(7).exponent).toBe(0x3fff);
    // The FXSAVE image (FXSAVE, and the signal frames' FPU state) holds MM1 in ST(1)'s slot, TOP being 0.
    const image = fxsaveImage(regs);
    expect([image[4], Buffer.from(image.subarray(48, 64)).toString('hex')]).toEqual([0xff, 'feff0200feff0200ffff000000000000']);
  });

  it('should let CLFLUSH flush read-only and execute-only lines and fault on inaccessible ones', () => {
    const clflush = [0x0f, 0xae, 0x3b]; // clflush [rbx]
    for (const prot of [Protection.Read, Protection.Exec, Protection.Read | Protection.Write]) {
      expect(run(clflush, prot, (r) => r.write('rbx', BigInt(DATA + 0x40))).exit.kind).toBe(CpuExitKind.Syscall);
    }
    const none = run(clflush, Protection.None, (r) => r.write('rbx', BigInt(DATA + 0x40))).exit;
    expect([none.kind, none.signal, none.code, none.address]).toEqual([CpuExitKind.Fault, Signal.SIGSEGV, SegvCode.AccessError, DATA + 0x40]);
    const unmapped = run(clflush, Protection.None, (r) => r.write('rbx', BigInt(DATA + 0x1000))).exit;
    expect([unmapped.kind, unmapped.signal, unmapped.code, unmapped.address]).toEqual([CpuExitKind.Fault, Signal.SIGSEGV, SegvCode.MapError, DATA + 0x1000]);
  });
});
