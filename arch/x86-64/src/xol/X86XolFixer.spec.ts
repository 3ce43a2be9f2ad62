import { AddressSpace, CpuExit, CpuExitKind, type InstructionAnalysis, Protection, type XolContext } from '@ubp/core';
import { describe, expect, it } from 'vitest';
import { type X86InstructionAnalysis, X86InstructionAnalyzer } from '../analyze/X86InstructionAnalyzer.js';
import { X86RegisterFile } from '../cpu/state/X86RegisterFile.js';
import { X86Engine } from '../cpu/X86Engine.js';
import { IcedInstructionDecoder } from '../decode/IcedInstructionDecoder.js';
import { x86_64Descriptor } from '../descriptor.js';
import { X86SingleStepper } from '../step/X86SingleStepper.js';
import { X86XolFixer } from './X86XolFixer.js';

/**
 * The XOL fixups against the CPU itself: each instruction runs (a) in place on the engine, and
 * then from the same state (b) out of line as the slot strategies run it (slotBytes with the
 * scratch-register rewrite into a slot page more than 2 GiB away, preXol, one TF step, postXol),
 * (c) re-encoded into a slot near the code with a jump back and run without a step (boosted),
 * or (d) simulated by the fixer when the analysis says so; the complete register file, flags,
 * x87 state and memory must come out identical.
 */

const CODE = 0x400000;
/** Where the probed instruction sits: mid-page, so that branches either way land on int3. */
const AT = CODE + 0x800;
const DATA = 0x401000;
const STACK = 0x500000;
const SP = STACK + 0x800;
/** A slot far from the code: a RIP-relative operand copied as is would miss its target. */
const FAR_SLOT = 0x7fff_0000_0000 + 128;
/** A slot just below the code, as the boosted strategy places its area. */
const NEAR_SLOT = CODE - 0x1000 + 128;
/** A code address holding int3, for branch targets and return addresses. */
const LANDING = CODE + 0x300;

const decoder = new IcedInstructionDecoder();
const analyzer = new X86InstructionAnalyzer();
const fixer = new X86XolFixer();
const stepper = new X86SingleStepper();

interface Setup {
  /** GPRs by number (0 = rax ... 15 = r15): addresses and small values, on top of distinct 64-bit defaults. */
  readonly gpr?: Readonly<Record<number, number>>;
  readonly rflags?: number;
  /** Bytes written into the data page at an offset. */
  readonly data?: ReadonlyArray<readonly [offset: number, bytes: readonly number[]]>;
  /** Qwords pushed on the stack (the first ends up at [rsp]). */
  readonly stack?: readonly number[];
}

interface Machine {
  readonly space: AddressSpace;
  readonly regs: X86RegisterFile;
  readonly engine: X86Engine;
  readonly exit: CpuExit;
}

function machine(setup: Setup): Machine {
  const space = new AddressSpace(x86_64Descriptor.layout);
  const { memory } = space;
  space.map({ address: CODE - 0x1000, length: 0x2000, prot: Protection.Read | Protection.Exec, fixed: true });
  space.map({ address: DATA, length: 0x2000, prot: Protection.Read | Protection.Write, fixed: true });
  space.map({ address: STACK, length: 0x1000, prot: Protection.Read | Protection.Write, fixed: true });
  space.map({ address: FAR_SLOT - 128, length: 0x1000, prot: Protection.Exec, fixed: true });
  memory.poke(CODE - 0x1000, new Uint8Array(0x2000).fill(0xcc));
  memory.poke(DATA, Uint8Array.from({ length: 0x2000 }, (_, i) => (i * 37 + 11) & 0xff));
  memory.poke(STACK, Uint8Array.from({ length: 0x1000 }, (_, i) => (i * 13 + 5) & 0xff));
  for (const [offset, bytes] of setup.data ?? []) memory.poke(DATA + offset, Uint8Array.from(bytes));
  const regs = new X86RegisterFile();
  // Full 64-bit values by default, most of them beyond a double's 53 bits of precision.
  for (let r = 0; r < 16; r++) {
    regs.r[2 * r] = 0x9abc_def1 + r * 0x0101_0101;
    regs.r[2 * r + 1] = 0x8234_5679 + r * 0x1111_1111;
  }
  for (const [r, value] of Object.entries(setup.gpr ?? {})) regs.set64(Number(r), value);
  let sp = SP;
  for (const value of [...(setup.stack ?? [])].reverse()) {
    sp -= 8;
    memory.w64(sp, value | 0, Math.floor(value / 2 ** 32));
  }
  regs.sp = sp;
  regs.rflags = setup.rflags ?? 0x203;
  regs.xb.set(Uint8Array.from({ length: 256 }, (_, i) => (i * 29 + 7) & 0xff));
  return { space, regs, engine: new X86Engine(memory, { nowNs: () => 0 }), exit: new CpuExit() };
}

interface Outcome {
  readonly stop: string;
  readonly rip: number;
  readonly gpr: number[];
  readonly rflags: number;
  readonly xmm: number[];
  readonly mxcsr: number;
  readonly x87: number[];
  readonly data: Uint8Array;
  readonly stack: Uint8Array;
}

function outcome(m: Machine, stop: string, rip: number): Outcome {
  const x87 = new Uint8Array(512);
  m.regs.x87.saveImage(x87);
  return {
    stop,
    rip,
    gpr: Array.from({ length: 16 }, (_, r) => m.regs.get64(r)),
    rflags: m.regs.rflags,
    xmm: [...m.regs.xb],
    mxcsr: m.regs.mxcsr,
    x87: [...x87],
    data: m.space.memory.peek(DATA, 0x2000),
    stack: m.space.memory.peek(STACK, 0x1000),
  };
}

/** Runs until the int3 after the instruction (or at its branch target); the int3's address is the next RIP. */
function runToBreakpoint(m: Machine, from: number): Outcome {
  m.regs.rip = from;
  m.engine.run(m.regs, 100, m.exit);
  if (m.exit.kind !== CpuExitKind.Breakpoint) return outcome(m, `exit ${m.exit.kind} at 0x${m.exit.pc.toString(16)}`, m.regs.rip);
  return outcome(m, 'next', m.exit.pc);
}

function analyse(bytes: Uint8Array): X86InstructionAnalysis {
  const insn = decoder.decode(bytes, AT);
  if (insn === undefined || insn.length !== bytes.length) throw new Error(`bytes ${Buffer.from(bytes).toString('hex')} are not one instruction`);
  return analyzer.analyze(insn);
}

function inPlace(bytes: Uint8Array, setup: Setup): Outcome {
  const m = machine(setup);
  m.space.memory.poke(AT, bytes);
  return runToBreakpoint(m, AT);
}

/** What the slot strategies do: copy, preXol, one TF step, postXol, disarm (keeping TF for popf). */
function outOfLine(analysis: InstructionAnalysis, setup: Setup): Outcome {
  const m = machine(setup);
  const slot = fixer.slotBytes(analysis, { slotAddress: FAR_SLOT, pcRelative: 'scratch-register' });
  if (slot === undefined) throw new Error('no slot form');
  m.space.memory.poke(FAR_SLOT, slot);
  const context: XolContext = { analysis, slotAddress: FAR_SLOT, saved: [0, 0] };
  m.regs.rip = AT;
  fixer.preXol(m.regs, context);
  const guestWasStepping = stepper.enable(m.regs);
  m.engine.run(m.regs, 1, m.exit);
  if (m.exit.kind !== CpuExitKind.Step) return outcome(m, `exit ${m.exit.kind} at 0x${m.exit.pc.toString(16)}`, m.regs.rip);
  fixer.postXol(m.regs, m.space.memory, context);
  stepper.disable(m.regs, guestWasStepping || analysis.fixups.includes('trap-flag'));
  return outcome(m, 'next', m.regs.rip);
}

/** What the boosted strategy does: the re-encoded copy and a jump back, run without a step. */
function boosted(analysis: X86InstructionAnalysis, setup: Setup): Outcome {
  const m = machine(setup);
  const slot = fixer.slotBytes(analysis, { slotAddress: NEAR_SLOT, boostTo: analysis.insn.next, pcRelative: 're-encode' });
  if (slot === undefined) throw new Error('no boosted slot form');
  m.space.memory.poke(NEAR_SLOT, slot);
  return runToBreakpoint(m, NEAR_SLOT);
}

function simulated(analysis: InstructionAnalysis, setup: Setup): Outcome {
  const m = machine(setup);
  m.regs.rip = AT;
  fixer.simulate(analysis, m.regs, m.space.memory);
  return outcome(m, 'next', m.regs.rip);
}

/** `prefix... modrm disp32 trailing...` with disp32 chosen so that the operand is DATA + offset. */
function ripRelative(head: readonly number[], offset: number, trailing: readonly number[] = []): Uint8Array {
  const length = head.length + 4 + trailing.length;
  const disp = DATA + offset - (AT + length);
  return Uint8Array.from([...head, disp & 0xff, (disp >> 8) & 0xff, (disp >> 16) & 0xff, (disp >>> 24) & 0xff, ...trailing]);
}

/** rel8/rel32 branch bytes whose target is `target`. */
function relative(head: readonly number[], size: 1 | 4, target: number): Uint8Array {
  const rel = target - (AT + head.length + size);
  const bytes = size === 1 ? [rel & 0xff] : [rel & 0xff, (rel >> 8) & 0xff, (rel >> 16) & 0xff, (rel >>> 24) & 0xff];
  return Uint8Array.from([...head, ...bytes]);
}

const qword = (value: number): number[] => Array.from({ length: 8 }, (_, i) => Number((BigInt(value) >> BigInt(8 * i)) & 0xffn));

const CF = 1;
const ZF = 0x40;
const TF = 0x100;

type Case = readonly [name: string, bytes: Uint8Array, setup: Setup];

const RIP_RELATIVE: readonly Case[] = [
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((reg): Case => [`mov r32 (reg ${reg}), [rip+x]`, ripRelative([0x8b, (reg << 3) | 5], 0x104), {}]),
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((reg): Case => [`mov r${reg + 8}, [rip+x] (REX.WR)`, ripRelative([0x4c, 0x8b, (reg << 3) | 5], 0x108), {}]),
  ['mov eax, [rip+x] with a superfluous REX.B', ripRelative([0x41, 0x8b, 0x05], 0x10), {}],
  ['mov rax, [rip+x] with REX.WB', ripRelative([0x49, 0x8b, 0x05], 0x18), {}],
  ['mov al, [rip+x]', ripRelative([0x8a, 0x05], 0x21), {}],
  ['mov ah, [rip+x]', ripRelative([0x8a, 0x25], 0x22), {}],
  ['mov r8b, [rip+x]', ripRelative([0x44, 0x8a, 0x05], 0x23), {}],
  ['mov ax, [rip+x]', ripRelative([0x66, 0x8b, 0x05], 0x24), {}],
  ['mov rsi, [rip+x] (scratch must not be rsi)', ripRelative([0x48, 0x8b, 0x35], 0x30), {}],
  ['mov rdi, [rip+x]', ripRelative([0x48, 0x8b, 0x3d], 0x38), {}],
  ['lea rsi, [rip+x]', ripRelative([0x48, 0x8d, 0x35], 0x700), {}],
  ['movzx eax, byte [rip+x]', ripRelative([0x0f, 0xb6, 0x05], 0x41), {}],
  ['movsxd rax, dword [rip+x]', ripRelative([0x48, 0x63, 0x05], 0x44), {}],
  ['mov [rip+x], eax', ripRelative([0x89, 0x05], 0x50), {}],
  ['mov [rip+x], ah', ripRelative([0x88, 0x25], 0x55), {}],
  ['mov [rip+x], rsi', ripRelative([0x48, 0x89, 0x35], 0x58), {}],
  ['mov [rip+x], rdi', ripRelative([0x48, 0x89, 0x3d], 0x60), {}],
  ['mov byte [rip+x], imm8', ripRelative([0xc6, 0x05], 0x61, [0x5a]), {}],
  ['mov word [rip+x], imm16', ripRelative([0x66, 0xc7, 0x05], 0x62, [0x34, 0x12]), {}],
  ['mov dword [rip+x], imm32', ripRelative([0xc7, 0x05], 0x64, [0x78, 0x56, 0x34, 0x12]), {}],
  ['mov qword [rip+x], simm32', ripRelative([0x48, 0xc7, 0x05], 0x68, [0x78, 0x56, 0x34, 0x92]), {}],
  ['cmp dword [rip+x], imm32', ripRelative([0x81, 0x3d], 0x70, [0x01, 0x02, 0x03, 0x04]), {}],
  ['cmp byte [rip+x], imm8 (equal)', ripRelative([0x80, 0x3d], 0x70, [0x00]), { data: [[0x70, [0]]] }],
  ['add byte [rip+x], imm8', ripRelative([0x80, 0x05], 0x71, [0x7f]), {}],
  ['sub dword [rip+x], simm8', ripRelative([0x83, 0x2d], 0x74, [0x80]), {}],
  ['imul eax, [rip+x], imm8', ripRelative([0x6b, 0x05], 0x78, [0x07]), {}],
  ['imul rax, [rip+x], imm32', ripRelative([0x48, 0x69, 0x05], 0x80, [0x01, 0x00, 0x01, 0x00]), {}],
  ['shl dword [rip+x], imm8', ripRelative([0xc1, 0x25], 0x84, [0x03]), {}],
  ['shl dword [rip+x], cl', ripRelative([0xd3, 0x25], 0x88), { gpr: { 1: 5 } }],
  ['bts dword [rip+x], imm8', ripRelative([0x0f, 0xba, 0x2d], 0x8c, [0x11]), {}],
  ['inc dword [rip+x]', ripRelative([0xff, 0x05], 0x90), {}],
  ['dec qword [rip+x]', ripRelative([0x48, 0xff, 0x0d], 0x98), {}],
  ['neg dword [rip+x]', ripRelative([0xf7, 0x1d], 0x9c), {}],
  ['add [rip+x], rsi', ripRelative([0x48, 0x01, 0x35], 0xa0), {}],
  ['xchg [rip+x], rax', ripRelative([0x48, 0x87, 0x05], 0xa8), {}],
  ['cmpxchg [rip+x], ecx (equal)', ripRelative([0x0f, 0xb1, 0x0d], 0xb0), { gpr: { 0: 0x0403_0201 }, data: [[0xb0, [1, 2, 3, 4]]] }],
  ['xadd [rip+x], eax', ripRelative([0x0f, 0xc1, 0x05], 0xb4), {}],
  ['cmpxchg16b [rip+x] (uses rbx and rcx; equal)', ripRelative([0x48, 0x0f, 0xc7, 0x0d], 0xc0), { gpr: { 0: 0x0102_0304, 2: 0x0506_0708 }, data: [[0xc0, [...qword(0x0102_0304), ...qword(0x0506_0708)]]] }],
  ['cmpxchg16b [rip+x] (not equal)', ripRelative([0x48, 0x0f, 0xc7, 0x0d], 0xd0), {}],
  ['movsd xmm0, [rip+x]', ripRelative([0xf2, 0x0f, 0x10, 0x05], 0xe0), {}],
  ['movsd [rip+x], xmm1', ripRelative([0xf2, 0x0f, 0x11, 0x0d], 0xe8), {}],
  ['mulsd xmm2, [rip+x]', ripRelative([0xf2, 0x0f, 0x59, 0x15], 0xf0), { data: [[0xf0, qword(0x3ffc_0000_0000_0000)]] }],
  ['pxor xmm3, [rip+x] (aligned)', ripRelative([0x66, 0x0f, 0xef, 0x1d], 0x100), {}],
  ['movaps xmm4, [rip+x] (aligned)', ripRelative([0x0f, 0x28, 0x25], 0x110), {}],
  ['movdqa xmm8, [rip+x] (REX.R)', ripRelative([0x66, 0x44, 0x0f, 0x6f, 0x05], 0x120), {}],
  ['movq xmm5, [rip+x]', ripRelative([0xf3, 0x0f, 0x7e, 0x2d], 0x130), {}],
  ['ucomisd xmm0, [rip+x]', ripRelative([0x66, 0x0f, 0x2e, 0x05], 0x138), { data: [[0x138, qword(0x4000_0000_0000_0000)]] }],
  ['cvttsd2si rax, [rip+x]', ripRelative([0xf2, 0x48, 0x0f, 0x2c, 0x05], 0x140), { data: [[0x140, qword(0xc05e_dd2f_1a9f_be77)]] }],
  ['ldmxcsr [rip+x]', ripRelative([0x0f, 0xae, 0x15], 0x148), { data: [[0x148, [0x80, 0x3f, 0, 0]]] }],
  ['stmxcsr [rip+x]', ripRelative([0x0f, 0xae, 0x1d], 0x14c), {}],
  ['fld qword [rip+x]', ripRelative([0xdd, 0x05], 0x150), { data: [[0x150, qword(0x4009_21fb_5444_2d18)]] }],
  ['fnstcw [rip+x]', ripRelative([0xd9, 0x3d], 0x158), {}],
  ['call [rip+x]', ripRelative([0xff, 0x15], 0x160), { data: [[0x160, qword(LANDING)]] }],
  ['jmp [rip+x]', ripRelative([0xff, 0x25], 0x168), { data: [[0x168, qword(LANDING + 8)]] }],
];

const BRANCHES_AND_STACK: readonly Case[] = [
  ['call rax', Uint8Array.of(0xff, 0xd0), { gpr: { 0: LANDING } }],
  ['call r11', Uint8Array.of(0x41, 0xff, 0xd3), { gpr: { 11: LANDING } }],
  ['call [rsp+8]', Uint8Array.of(0xff, 0x54, 0x24, 0x08), { stack: [0, LANDING] }],
  ['jmp rax', Uint8Array.of(0xff, 0xe0), { gpr: { 0: LANDING } }],
  ['jmp r9', Uint8Array.of(0x41, 0xff, 0xe1), { gpr: { 9: LANDING } }],
  ['jmp [rsi]', Uint8Array.of(0xff, 0x26), { gpr: { 6: DATA + 0x200 }, data: [[0x200, qword(LANDING)]] }],
  ['ret', Uint8Array.of(0xc3), { stack: [LANDING, 0x1234] }],
  ['ret 16', Uint8Array.of(0xc2, 0x10, 0x00), { stack: [LANDING, 1, 2, 3] }],
  ['loop (taken)', relative([0xe2], 1, AT - 0x20), { gpr: { 1: 5 } }],
  ['loop (not taken)', relative([0xe2], 1, AT - 0x20), { gpr: { 1: 1 } }],
  ['loope (taken)', relative([0xe1], 1, AT + 0x30), { gpr: { 1: 3 }, rflags: 0x202 | ZF }],
  ['loopne (not taken: ZF)', relative([0xe0], 1, AT + 0x30), { gpr: { 1: 3 }, rflags: 0x202 | ZF }],
  ['jrcxz (taken)', relative([0xe3], 1, AT + 0x40), { gpr: { 1: 0 } }],
  ['jrcxz (not taken)', relative([0xe3], 1, AT + 0x40), { gpr: { 1: 7 } }],
  ['push qword [rsp+8]', Uint8Array.of(0xff, 0x74, 0x24, 0x08), { stack: [1, 2, 3] }],
  ['pop qword [rsp+8]', Uint8Array.of(0x8f, 0x44, 0x24, 0x08), { stack: [1, 2, 3] }],
  ['pop qword [rsp]', Uint8Array.of(0x8f, 0x04, 0x24), { stack: [1, 2, 3] }],
  ['mov rax, [rsp]', Uint8Array.of(0x48, 0x8b, 0x04, 0x24), { stack: [0x55aa] }],
  ['push rax with REX.W (stepped)', Uint8Array.of(0x48, 0x50), {}],
  ['enter 16, 0', Uint8Array.of(0xc8, 0x10, 0x00, 0x00), {}],
  ['leave', Uint8Array.of(0xc9), { gpr: { 5: SP - 0x40 } }],
  ['pushf (must not show the kernel TF)', Uint8Array.of(0x9c), { rflags: 0x202 | CF | ZF }],
  ['popf loading TF (UPROBE_FIX_SETF keeps it)', Uint8Array.of(0x9d), { stack: [0x202 | TF | CF] }],
  ['popf clearing CF', Uint8Array.of(0x9d), { stack: [0x202 | ZF], rflags: 0x202 | CF }],
];

const SIMULATED: readonly Case[] = [
  ['nop', Uint8Array.of(0x90), {}],
  ['nopl 0(rax,rax)', Uint8Array.of(0x0f, 0x1f, 0x44, 0x00, 0x00), {}],
  ['nopw 0(rax,rax)', Uint8Array.of(0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00), {}],
  ['jmp rel8', relative([0xeb], 1, AT - 0x40), {}],
  ['jmp rel32', relative([0xe9], 4, LANDING), {}],
  ['call rel32', relative([0xe8], 4, LANDING), {}],
  ['je rel8 (taken)', relative([0x74], 1, AT + 0x10), { rflags: 0x202 | ZF }],
  ['je rel8 (not taken)', relative([0x74], 1, AT + 0x10), { rflags: 0x202 }],
  ['jb rel8 (taken)', relative([0x72], 1, AT - 0x10), { rflags: 0x202 | CF }],
  ['jl rel32 (taken: SF != OF)', relative([0x0f, 0x8c], 4, LANDING), { rflags: 0x202 | 0x80 }],
  ['jl rel32 (not taken)', relative([0x0f, 0x8c], 4, LANDING), { rflags: 0x202 | 0x80 | 0x800 }],
  ['jbe rel32 (taken by ZF)', relative([0x0f, 0x86], 4, LANDING), { rflags: 0x202 | ZF }],
  ['jg rel8 (not taken)', relative([0x7f], 1, AT + 0x10), { rflags: 0x202 | ZF }],
  ['jp rel8 (taken)', relative([0x7a], 1, AT + 0x10), { rflags: 0x202 | 0x4 }],
  ['push rax', Uint8Array.of(0x50), {}],
  ['push rsp', Uint8Array.of(0x54), {}],
  ['push rdi', Uint8Array.of(0x57), {}],
  ['push r8 (REX.B)', Uint8Array.of(0x41, 0x50), {}],
  ['push r15 (REX.B)', Uint8Array.of(0x41, 0x57), {}],
];

describe('X86XolFixer against the engine', () => {
  it.each([...RIP_RELATIVE, ...BRANCHES_AND_STACK])('%s: out of line (and boosted where allowed) = in place', (_name, bytes, setup) => {
    const analysis = analyse(bytes);
    expect(analysis.refusal).toBeUndefined();
    expect(analysis.mode).toBe('step');
    const expected = inPlace(bytes, setup);
    expect(expected.stop).toBe('next');
    expect(outOfLine(analysis, setup)).toEqual(expected);
    if (analysis.boostRefusal === undefined) expect(boosted(analysis, setup)).toEqual(expected);
  });

  it.each(SIMULATED)('%s: simulated = in place', (_name, bytes, setup) => {
    const analysis = analyse(bytes);
    expect(analysis.refusal).toBeUndefined();
    expect(analysis.mode).toBe('simulate');
    const expected = inPlace(bytes, setup);
    expect(expected.stop).toBe('next');
    expect(simulated(analysis, setup)).toEqual(expected);
  });

  it('boosts what needs no post-step fixup, and steps the rest', () => {
    const boostable = (bytes: Uint8Array) => analyse(bytes).boostRefusal === undefined;
    expect(boostable(ripRelative([0x8b, 0x05], 0))).toBe(true);
    expect(boostable(ripRelative([0xff, 0x25], 0x168))).toBe(false); // jmp [rip+x]: sets RIP itself
    expect(boostable(Uint8Array.of(0xff, 0xd0))).toBe(false); // call rax: the pushed address needs fixing
    expect(boostable(Uint8Array.of(0xc3))).toBe(false);
    expect(boostable(Uint8Array.of(0x9d))).toBe(false); // popf may load TF
    expect(boostable(relative([0xe2], 1, AT - 0x20))).toBe(false); // loop: target computed from the slot
    expect(boostable(Uint8Array.of(0x9c))).toBe(true);
  });
});

/** Slot bytes of the scratch-register rewrite, one instruction per line: ModRM 00 reg 101 becomes 10 reg scratch. */
describe('X86XolFixer slot bytes (scratch-register rewrite)', () => {
  const slot = (bytes: Uint8Array) => [...fixer.slotBytes(analyse(bytes), { slotAddress: FAR_SLOT, pcRelative: 'scratch-register' })!];
  const disp = (bytes: Uint8Array, at: number) => [...bytes.subarray(at, at + 4)];

  it('rewrites mov eax, [rip+x] to use rsi', () => {
    const bytes = ripRelative([0x8b, 0x05], 0x10);
    expect(slot(bytes)).toEqual([
      0x8b, 0x86, ...disp(bytes, 2), // mov eax, [rsi+disp32]
    ]);
  });

  it('clears REX.B so that the scratch register is rsi, not r14', () => {
    const bytes = ripRelative([0x49, 0x8b, 0x05], 0x18);
    expect(slot(bytes)).toEqual([
      0x48, 0x8b, 0x86, ...disp(bytes, 3), // mov rax, [rsi+disp32]
    ]);
  });

  it('keeps REX.R and picks rsi for mov r15, [rip+x]', () => {
    const bytes = ripRelative([0x4c, 0x8b, 0x3d], 0x18);
    expect(slot(bytes)).toEqual([
      0x4c, 0x8b, 0xbe, ...disp(bytes, 3), // mov r15, [rsi+disp32]
    ]);
  });

  it('picks rdi when the instruction uses rsi', () => {
    const bytes = ripRelative([0x48, 0x8b, 0x35], 0x30);
    expect(slot(bytes)).toEqual([
      0x48, 0x8b, 0xb7, ...disp(bytes, 3), // mov rsi, [rdi+disp32]
    ]);
  });

  it('leaves the immediate after the displacement alone', () => {
    const bytes = ripRelative([0x81, 0x3d], 0x70, [0x01, 0x02, 0x03, 0x04]);
    expect(slot(bytes)).toEqual([
      0x81, 0xbe, ...disp(bytes, 2), 0x01, 0x02, 0x03, 0x04, // cmp dword [rsi+disp32], 0x04030201
    ]);
  });

  it('rewrites cmpxchg16b (implicit rax, rbx, rcx, rdx) to rsi', () => {
    const bytes = ripRelative([0x48, 0x0f, 0xc7, 0x0d], 0xc0);
    expect(slot(bytes)).toEqual([
      0x48, 0x0f, 0xc7, 0x8e, ...disp(bytes, 4), // cmpxchg16b [rsi+disp32]
    ]);
  });

  it('rewrites call [rip+x] to rsi', () => {
    const bytes = ripRelative([0xff, 0x15], 0x160);
    expect(slot(bytes)).toEqual([
      0xff, 0x96, ...disp(bytes, 2), // call [rsi+disp32]
    ]);
  });

  it('copies an instruction without a RIP-relative operand unchanged', () => {
    expect(slot(Uint8Array.of(0x48, 0x8b, 0x04, 0x24))).toEqual([
      0x48, 0x8b, 0x04, 0x24, // mov rax, [rsp]
    ]);
  });

  it('appends jmp [rip+0] and the absolute target for a boosted slot', () => {
    const bytes = ripRelative([0x8b, 0x05], 0x10);
    const boostedSlot = [...fixer.slotBytes(analyse(bytes), { slotAddress: NEAR_SLOT, boostTo: AT + bytes.length, pcRelative: 're-encode' })!];
    const fromSlot = DATA + 0x10 - (NEAR_SLOT + 6);
    expect(boostedSlot).toEqual([
      0x8b, 0x05, ...qword(fromSlot).slice(0, 4), // mov eax, [rip+disp32] (displacement from the slot)
      0xff, 0x25, 0x00, 0x00, 0x00, 0x00, //         jmp [rip+0]
      ...qword(AT + bytes.length), //                 .quad next instruction
    ]);
  });

  it('refuses a re-encoded slot that a 32-bit displacement cannot reach', () => {
    expect(fixer.slotBytes(analyse(ripRelative([0x8b, 0x05], 0x10)), { slotAddress: FAR_SLOT, pcRelative: 're-encode' })).toBeUndefined();
  });
});
