import { Encoder, Instruction, Mnemonic, OpCodeOperandKind as K, OpKind, Register } from '@ubp/arch-x86-64';
import { CODE_ADDRESS, SCRATCH_ADDRESS, SCRATCH_SIZE, PAGE } from '../support/layout.js';
import { type SecondPage } from '../support/IsaState.js';
import { type Random } from '../support/random.js';
import { type Form, HOST_EQUIVALENTS } from './catalog.js';
import { countValues, edgeValues } from './values.js';

/** What one operand of a planned instruction is. */
export type Slot =
  | { readonly kind: 'gpr'; readonly register: Register; readonly bits: number }
  | { readonly kind: 'other-register'; readonly register: Register }
  | { readonly kind: 'memory'; readonly size: number }
  | { readonly kind: 'immediate'; readonly value: bigint }
  | { readonly kind: 'branch'; readonly target: bigint }
  | { readonly kind: 'string' };

/** Where the memory operand points and how its address is formed. */
export interface MemoryPlan {
  /** Target offset in the scratch area. */
  readonly offset: number;
  readonly size: number;
  readonly base: Register;
  readonly index: Register;
  readonly scale: number;
  readonly displacement: bigint;
  /** The index register's value; the base's is derived from it. */
  readonly indexValue: bigint;
  readonly address32: boolean;
  /** Whether the address is computed at all (LEA, NOP, PREFETCH do not access it; their registers get any value). */
  readonly accessed: boolean;
}

export interface Plan {
  readonly form: Form;
  readonly bytes: Uint8Array;
  /** What the host runs instead (catalog.ts, HOST_EQUIVALENTS). */
  readonly hostBytes: Uint8Array | undefined;
  readonly slots: readonly Slot[];
  readonly memory: MemoryPlan | undefined;
  /** String instructions: 32-bit addressing (0x67) of RSI/RDI/RCX. */
  readonly stringAddress32: boolean;
  readonly secondPage: SecondPage;
  /** A case meant to fault or cross into the second page. */
  readonly probe: boolean;
}

const GPR_BASE: Record<number, number> = { 16: Register.AX, 32: Register.EAX, 64: Register.RAX };
const RSP_NUMBER = 4;
/** Address registers: none of them is an implicit operand of a common instruction (RAX, RCX, RDX, RSI, RDI are). */
const ADDRESS_POOL = [3, 5, 8, 9, 10, 11, 12, 13, 14, 15];
const NO_ACCESS = new Set<number>([Mnemonic.Lea, Mnemonic.Nop, Mnemonic.Prefetchnta, Mnemonic.Prefetcht0, Mnemonic.Prefetcht1, Mnemonic.Prefetcht2, Mnemonic.Prefetchw]);
const SHIFTS = new Set<number>([Mnemonic.Shl, Mnemonic.Sal, Mnemonic.Shr, Mnemonic.Sar, Mnemonic.Rol, Mnemonic.Ror, Mnemonic.Rcl, Mnemonic.Rcr, Mnemonic.Shld, Mnemonic.Shrd]);

/** The iced register for GPR number `n` (0-15) of `bits` width; 8-bit numbers 4-7 are SPL-DIL. */
export function gprRegister(bits: number, n: number): Register {
  if (bits === 8) return n < 4 ? Register.AL + n : Register.AL + 4 + n;
  return GPR_BASE[bits]! + n;
}

export function gprNumber(register: Register): number {
  if (register >= Register.AH && register <= Register.BH) return register - Register.AH;
  if (register >= Register.AL && register <= Register.R15L) return register < Register.AH ? register - Register.AL : register - Register.AL - 4;
  if (register >= Register.AX && register <= Register.R15) return (register - Register.AX) % 16;
  throw new Error(`register ${register} is not a GPR`);
}

const GPR_BITS: Record<number, number> = {
  [K.r8_or_mem]: 8, [K.r8_reg]: 8, [K.r8_opcode]: 8,
  [K.r16_or_mem]: 16, [K.r16_reg]: 16, [K.r16_rm]: 16, [K.r16_opcode]: 16,
  [K.r32_or_mem]: 32, [K.r32_reg]: 32, [K.r32_rm]: 32, [K.r32_opcode]: 32,
  [K.r64_or_mem]: 64, [K.r64_reg]: 64, [K.r64_rm]: 64, [K.r64_opcode]: 64,
};
const FIXED_REGISTER: Record<number, Register> = { [K.al]: Register.AL, [K.cl]: Register.CL, [K.ax]: Register.AX, [K.dx]: Register.DX, [K.eax]: Register.EAX, [K.rax]: Register.RAX };
const OR_MEMORY = new Set<number>([K.r8_or_mem, K.r16_or_mem, K.r32_or_mem, K.r64_or_mem, K.xmm_or_mem, K.mm_or_mem]);
const MEMORY_ONLY = new Set<number>([K.mem, K.mem_offs]);
const XMM = new Set<number>([K.xmm_reg, K.xmm_rm, K.xmm_or_mem]);
const MMX = new Set<number>([K.mm_reg, K.mm_rm, K.mm_or_mem]);
const IMMEDIATE: Record<number, { opKind: number; bits: number; signExtended: boolean }> = {
  [K.imm8]: { opKind: OpKind.Immediate8, bits: 8, signExtended: false },
  [K.imm8_const_1]: { opKind: OpKind.Immediate8, bits: 8, signExtended: false },
  [K.imm8sex16]: { opKind: OpKind.Immediate8to16, bits: 8, signExtended: true },
  [K.imm8sex32]: { opKind: OpKind.Immediate8to32, bits: 8, signExtended: true },
  [K.imm8sex64]: { opKind: OpKind.Immediate8to64, bits: 8, signExtended: true },
  [K.imm16]: { opKind: OpKind.Immediate16, bits: 16, signExtended: false },
  [K.imm32]: { opKind: OpKind.Immediate32, bits: 32, signExtended: false },
  [K.imm32sex64]: { opKind: OpKind.Immediate32to64, bits: 32, signExtended: true },
  [K.imm64]: { opKind: OpKind.Immediate64, bits: 64, signExtended: false },
};
const BRANCH: Record<number, { opKind: number; short: boolean }> = {
  [K.br16_1]: { opKind: OpKind.NearBranch16, short: true },
  [K.br32_1]: { opKind: OpKind.NearBranch32, short: true },
  [K.br64_1]: { opKind: OpKind.NearBranch64, short: true },
  [K.br16_2]: { opKind: OpKind.NearBranch16, short: false },
  [K.br32_4]: { opKind: OpKind.NearBranch32, short: false },
  [K.br64_4]: { opKind: OpKind.NearBranch64, short: false },
};
const STRING_OPERAND: Record<number, readonly [wide: number, narrow: number]> = {
  [K.seg_rSI]: [OpKind.MemorySegRSI, OpKind.MemorySegESI],
  [K.es_rDI]: [OpKind.MemoryESRDI, OpKind.MemoryESEDI],
  [K.seg_rDI]: [OpKind.MemorySegRDI, OpKind.MemorySegEDI],
};

/** Picks distinct GPR numbers, never RSP. */
class RegisterPicker {
  private readonly taken = new Set<number>([RSP_NUMBER]);

  constructor(private readonly rng: Random) {}

  reserve(n: number): void {
    this.taken.add(n);
  }

  /** A free number from `pool` (any GPR by default), or a taken one when none is free. */
  pick(pool: readonly number[] = [...Array(16).keys()]): number {
    const free = pool.filter((n) => !this.taken.has(n));
    const n = this.rng.pick(free.length > 0 ? free : pool.filter((p) => p !== RSP_NUMBER));
    this.taken.add(n);
    return n;
  }
}

function immediateFor(form: Form, rng: Random, kind: number, caseIndex: number, position: number): bigint {
  const spec = IMMEDIATE[kind]!;
  if (kind === K.imm8_const_1) return 1n;
  if (form.mnemonic === Mnemonic.Enter) return position === 0 ? BigInt(rng.pick([0, 8, 16, 0x28, 0x100, 0x900])) : 0n;
  if (form.mnemonic === Mnemonic.Ret) return BigInt(rng.pick([0, 8, 16, 0x18]));
  if (SHIFTS.has(form.mnemonic)) return BigInt(rng.pick(countValues(GPR_BITS[form.operands[0]!] ?? 32)) & 0xff);
  const edges = edgeValues(spec.bits);
  const raw = caseIndex < edges.length ? edges[caseIndex]! : rng.chance(0.3) ? rng.pick(edges) : rng.u64() & ((1n << BigInt(spec.bits)) - 1n);
  return spec.signExtended ? BigInt.asIntN(spec.bits, raw) : raw;
}

function chooseOffset(rng: Random, size: number, probe: boolean): number {
  const span = Math.max(size, 1);
  if (probe) return span > 1 && rng.chance(0.7) ? PAGE - 1 - rng.below(span - 1) : PAGE + rng.below(PAGE - span);
  const aligned = rng.chance(0.75);
  const raw = 0x40 + rng.below(SCRATCH_SIZE - 0x80 - span);
  return aligned ? raw - (raw % Math.min(16, span)) : raw;
}

function planMemory(form: Form, rng: Random, picker: RegisterPicker, probe: boolean): MemoryPlan {
  const size = form.memorySize;
  const accessed = !NO_ACCESS.has(form.mnemonic);
  const address32 = rng.chance(0.15);
  const ripRelative = !address32 && rng.chance(0.12);
  const base = ripRelative ? Register.RIP : gprRegister(address32 ? 32 : 64, picker.pick(ADDRESS_POOL));
  const index = ripRelative || rng.chance(0.5) ? Register.None : gprRegister(address32 ? 32 : 64, picker.pick(ADDRESS_POOL));
  const scale = index === Register.None ? 1 : rng.pick([1, 2, 4, 8]);
  const small = rng.chance(0.7);
  const displacement = BigInt(small ? rng.below(256) - 128 : rng.below(0x2000) - 0x1000);
  const indexValue = index === Register.None ? 0n : BigInt(rng.below(40) - 8);
  return { offset: chooseOffset(rng, size, probe), size, base, index, scale, displacement, indexValue, address32, accessed };
}

function branchTarget(rng: Random, short: boolean): bigint {
  if (rng.chance(0.1)) return BigInt(CODE_ADDRESS - 0x10); // unmapped: the fetch faults
  return BigInt(CODE_ADDRESS + (short ? 0x20 + rng.below(0x50) : 0x100 + rng.below(0xe00)));
}

function encode(instruction: Instruction): Uint8Array {
  const encoder = new Encoder(64);
  try {
    encoder.encode(instruction, BigInt(CODE_ADDRESS));
    return encoder.takeBuffer();
  } finally {
    encoder.free();
  }
}

/** One attempt at a concrete instruction of `form`; throws when iced refuses the combination (AH with REX...). */
function attempt(form: Form, rng: Random, caseIndex: number): Plan {
  const picker = new RegisterPicker(rng);
  const stack = form.stack && form.mnemonic !== Mnemonic.Enter;
  const hasMemory = form.operands.some((k) => MEMORY_ONLY.has(k)) || (form.operands.some((k) => OR_MEMORY.has(k)) && caseIndex % 2 === 1);
  const implicitMemory = form.operands.some((k) => STRING_OPERAND[k] !== undefined);
  const probe = (hasMemory || stack || implicitMemory) && caseIndex % 6 === 5;
  const memory = hasMemory && !form.operands.includes(K.mem_offs) ? planMemory(form, rng, picker, probe) : undefined;
  const instruction = Instruction.create(form.code);
  const slots: Slot[] = [];
  const stringAddress32 = rng.chance(0.25);
  let immediates = 0;
  try {
    form.operands.forEach((kind, i) => {
      slots.push(fillOperand(form, instruction, i, kind, { rng, picker, caseIndex, memory, stringAddress32, immediates, hasMemory, probe }));
      if (IMMEDIATE[kind] !== undefined) immediates++;
    });
    if (form.canLock && (hasMemory ? rng.chance(0.3) : rng.chance(0.05))) instruction.hasLockPrefix = true;
    if (form.canRep && rng.chance(0.6)) {
      if (form.canRepne && rng.chance(0.5)) instruction.hasRepnePrefix = true;
      else instruction.hasRepPrefix = true;
    }
    const bytes = encode(instruction);
    const secondPage: SecondPage = probe ? rng.pick(['ro', 'none', 'rw'] as const) : 'rw';
    return { form, bytes, hostBytes: HOST_EQUIVALENTS.get(form.mnemonic)?.(bytes), slots, memory, stringAddress32, secondPage, probe };
  } finally {
    instruction.free();
  }
}

interface FillContext {
  readonly rng: Random;
  readonly picker: RegisterPicker;
  readonly caseIndex: number;
  readonly memory: MemoryPlan | undefined;
  readonly stringAddress32: boolean;
  readonly immediates: number;
  readonly hasMemory: boolean;
  readonly probe: boolean;
}

function setMemoryOperand(instruction: Instruction, i: number, memory: MemoryPlan): void {
  instruction.setOpKind(i, OpKind.Memory);
  instruction.memoryBase = memory.base;
  instruction.memoryIndex = memory.index;
  instruction.memoryIndexScale = memory.scale;
  if (memory.base === Register.RIP) {
    instruction.memoryDisplacement = BigInt(SCRATCH_ADDRESS + memory.offset);
    instruction.memoryDisplSize = 8;
  } else {
    instruction.memoryDisplacement = BigInt.asUintN(memory.address32 ? 32 : 64, memory.displacement);
    instruction.memoryDisplSize = memory.address32 ? 4 : 8;
  }
}

/** An XMM, MMX, control or debug register for an operand of `kind`, or undefined for other kinds. */
function otherRegister(kind: number, rng: Random): Register | undefined {
  if (XMM.has(kind)) return Register.XMM0 + rng.below(16);
  if (MMX.has(kind)) return Register.MM0 + rng.below(8);
  if (kind === K.cr_reg) return rng.pick([Register.CR0, Register.CR2, Register.CR3, Register.CR4, Register.CR8]);
  if (kind === K.dr_reg) return Register.DR0 + rng.pick([0, 1, 2, 3, 6, 7]);
  return undefined;
}

function fillOperand(form: Form, instruction: Instruction, i: number, kind: number, c: FillContext): Slot {
  const fixed = FIXED_REGISTER[kind];
  if (fixed !== undefined) {
    c.picker.reserve(gprNumber(fixed));
    instruction.setOpKind(i, OpKind.Register);
    instruction.setOpRegister(i, fixed);
    return { kind: 'gpr', register: fixed, bits: kind === K.al || kind === K.cl ? 8 : kind === K.ax || kind === K.dx ? 16 : kind === K.eax ? 32 : 64 };
  }
  if (kind === K.mem_offs) {
    instruction.setOpKind(i, OpKind.Memory);
    instruction.memoryDisplacement = BigInt(SCRATCH_ADDRESS + chooseOffset(c.rng, form.memorySize, c.probe));
    instruction.memoryDisplSize = 8;
    return { kind: 'memory', size: form.memorySize };
  }
  if (MEMORY_ONLY.has(kind) || (OR_MEMORY.has(kind) && c.hasMemory)) {
    setMemoryOperand(instruction, i, c.memory!);
    return { kind: 'memory', size: form.memorySize };
  }
  const bits = GPR_BITS[kind];
  if (bits !== undefined) {
    const high = bits === 8 && c.rng.chance(0.25);
    const n = c.picker.pick(high ? [0, 1, 2, 3] : undefined);
    const register = high ? Register.AH + n : gprRegister(bits, n);
    instruction.setOpKind(i, OpKind.Register);
    instruction.setOpRegister(i, register);
    return { kind: 'gpr', register, bits };
  }
  if (kind === K.st0 || kind === K.sti_opcode) {
    const register = kind === K.st0 ? Register.ST0 : Register.ST0 + c.rng.below(8);
    instruction.setOpKind(i, OpKind.Register);
    instruction.setOpRegister(i, register);
    return { kind: 'other-register', register };
  }
  const other = otherRegister(kind, c.rng);
  if (other !== undefined) {
    instruction.setOpKind(i, OpKind.Register);
    instruction.setOpRegister(i, other);
    return { kind: 'other-register', register: other };
  }
  const immediate = IMMEDIATE[kind];
  if (immediate !== undefined) {
    const value = immediateFor(form, c.rng, kind, c.caseIndex, c.immediates);
    instruction.setOpKind(i, c.immediates > 0 && immediate.opKind === OpKind.Immediate8 ? OpKind.Immediate8_2nd : immediate.opKind);
    if (immediate.bits === 64) instruction.setImmediateU64(i, value);
    else if (immediate.signExtended) instruction.setImmediateI64(i, value);
    else instruction.setImmediateU32(i, Number(value));
    return { kind: 'immediate', value };
  }
  const branch = BRANCH[kind];
  if (branch !== undefined) {
    const target = branchTarget(c.rng, branch.short);
    instruction.setOpKind(i, branch.opKind);
    if (branch.opKind === OpKind.NearBranch16) instruction.nearBranch16 = Number(target & 0xffffn);
    else if (branch.opKind === OpKind.NearBranch32) instruction.nearBranch32 = Number(target & 0xffffffffn);
    else instruction.nearBranch64 = target;
    return { kind: 'branch', target };
  }
  if (kind === K.seg_rBX_al) {
    // XLAT's [rBX+AL] is an ordinary memory operand to iced.
    instruction.setOpKind(i, OpKind.Memory);
    instruction.memoryBase = c.stringAddress32 ? Register.EBX : Register.RBX;
    instruction.memoryIndex = Register.AL;
    instruction.memoryIndexScale = 1;
    return { kind: 'string' };
  }
  const string = STRING_OPERAND[kind];
  if (string !== undefined) {
    instruction.setOpKind(i, c.stringAddress32 ? string[1] : string[0]);
    return { kind: 'string' };
  }
  throw new Error(`operand kind ${kind} is not generated`);
}

/** A concrete instruction of `form` for case `caseIndex`, or the encoder's last complaint. */
export function planInstruction(form: Form, rng: Random, caseIndex: number): Plan | string {
  let complaint = '';
  for (let tries = 0; tries < 24; tries++) {
    try {
      return attempt(form, rng, caseIndex);
    } catch (error) {
      complaint = error instanceof Error ? error.message : String(error);
    }
  }
  return complaint;
}
