import { Code, CodeExt, implementedCodes, MemorySizeExt, Mnemonic, OpCodeOperandKind as K } from '@ubp/arch-x86-64';
import { type Focused, focusedCoverage } from './focused.js';

/** One instruction form (an iced Code) as the generator needs it. */
export interface Form {
  readonly code: number;
  /** The iced Code name, e.g. Add_rm32_r32. */
  readonly name: string;
  readonly mnemonic: number;
  readonly operands: readonly number[];
  /** Bytes the memory operand accesses (0 when it has none or does not access it). */
  readonly memorySize: number;
  /** What the memory operand holds (an iced MemorySize: Float80, Int16, FpuEnv28, Fxsave_512Byte...). */
  readonly memoryType: number;
  readonly canLock: boolean;
  readonly canRep: boolean;
  readonly canRepne: boolean;
  readonly stack: boolean;
}

/**
 * How a form is covered: by the generic suite (as an ordinary form, a control transfer, an x87
 * form with a generated x87 state, or an MMX form with a generated state of the x87 registers
 * they share), by a named focused test, or not at all (excluded, with the reason: the coverage
 * check fails on these).
 */
export type Classified =
  | { readonly form: Form; readonly kind: 'generic' | 'transfer' | 'x87' | 'mmx' }
  | { readonly form: Form; readonly kind: 'focused'; readonly focused: Focused }
  | { readonly form: Form; readonly kind: 'excluded'; readonly reason: string };

const CODE_NAMES = new Map<number, string>(Object.entries(Code).flatMap(([name, value]) => (typeof value === 'number' ? [[value, name] as const] : [])));
const MNEMONIC_NAMES = new Map<number, string>(Object.entries(Mnemonic).flatMap(([name, value]) => (typeof value === 'number' ? [[value, name] as const] : [])));

export function codeName(code: number): string {
  return CODE_NAMES.get(code) ?? `Code ${code}`;
}

function formOf(code: number): Form {
  const info = CodeExt.opCode(code);
  try {
    const operands: number[] = [];
    for (let i = 0; i < info.opCount; i++) operands.push(info.opKind(i));
    return {
      code,
      name: codeName(code),
      mnemonic: info.mnemonic,
      operands,
      memorySize: MemorySizeExt.size(info.memorySize),
      memoryType: info.memorySize,
      canLock: info.canUseLockPrefix,
      canRep: info.canUseRepPrefix,
      canRepne: info.canUseRepnePrefix,
      stack: info.isStackInstruction,
    };
  } finally {
    info.free();
  }
}

/**
 * Forms that neither the generic suite nor a focused test can run, by mnemonic, with the reason.
 * The CPU implements none of them today; should it, the coverage check fails until a focused test
 * (forms/focused.ts) covers the form.
 */
const UNRUNNABLE_MNEMONICS = new Map<number, string>([
  [Mnemonic.Int, 'int n: int 0x80 is a system call on the host'],
  [Mnemonic.Int1, 'int1 raises SIGTRAP, which the host runner takes for its stop marker'],
  [Mnemonic.Rdtscp, 'reads the time stamp counter: no two runs agree'],
  [Mnemonic.Rdrand, 'random by design'],
  [Mnemonic.Rdseed, 'random by design'],
  [Mnemonic.Wrfsbase, "changes FS, which holds the host runner's own thread pointer"],
  [Mnemonic.Wrgsbase, 'changes the GS base, which the harness state does not hold'],
  [Mnemonic.Lfs, "loads FS, which holds the host runner's own thread pointer"],
  [Mnemonic.Lgs, 'loads GS, which the harness state does not hold'],
  [Mnemonic.Lss, 'loads SS, which the harness state does not hold'],
]);

/**
 * Forms the CPU model runs as another instruction on purpose, and how to make the host run that
 * one instead (same length, so the run stops at the same place): without BMI1 and LZCNT in the
 * model, F3 0F BC/BD are BSF/BSR with an ignored prefix, as on processors that predate them. The
 * host gets a CS override (also ignored) in place of the F3.
 */
const MANDATORY_F3_DROPPED = (bytes: Uint8Array): Uint8Array => {
  const out = bytes.slice();
  out[out.indexOf(0xf3)] = 0x2e;
  return out;
};

export const HOST_EQUIVALENTS = new Map<number, (bytes: Uint8Array) => Uint8Array>([
  [Mnemonic.Tzcnt, MANDATORY_F3_DROPPED],
  [Mnemonic.Lzcnt, MANDATORY_F3_DROPPED],
]);

const TRANSFER_MNEMONICS = new Set<number>([
  Mnemonic.Jmp, Mnemonic.Call, Mnemonic.Ret, Mnemonic.Loop, Mnemonic.Loope, Mnemonic.Loopne, Mnemonic.Jrcxz, Mnemonic.Jecxz,
  Mnemonic.Jo, Mnemonic.Jno, Mnemonic.Jb, Mnemonic.Jae, Mnemonic.Je, Mnemonic.Jne, Mnemonic.Jbe, Mnemonic.Ja,
  Mnemonic.Js, Mnemonic.Jns, Mnemonic.Jp, Mnemonic.Jnp, Mnemonic.Jl, Mnemonic.Jge, Mnemonic.Jle, Mnemonic.Jg,
]);

const X87_OPERANDS = new Set<number>([K.st0, K.sti_opcode]);
const MMX_OPERANDS = new Set<number>([K.mm_reg, K.mm_rm, K.mm_or_mem]);

/** Operand kinds the generator knows how to fill. */
export const GENERATED_OPERANDS = new Set<number>([
  K.mem_offs, K.mem, K.r8_or_mem, K.r16_or_mem, K.r32_or_mem, K.r64_or_mem, K.xmm_or_mem,
  K.r8_reg, K.r8_opcode, K.r16_reg, K.r16_rm, K.r16_opcode, K.r32_reg, K.r32_rm, K.r32_opcode, K.r64_reg, K.r64_rm, K.r64_opcode,
  K.xmm_reg, K.xmm_rm, K.mm_or_mem, K.mm_reg, K.mm_rm, K.cr_reg, K.dr_reg, K.al, K.cl, K.ax, K.dx, K.eax, K.rax, K.st0, K.sti_opcode,
  K.imm8, K.imm8_const_1, K.imm8sex16, K.imm8sex32, K.imm8sex64, K.imm16, K.imm32, K.imm32sex64, K.imm64,
  K.seg_rSI, K.es_rDI, K.seg_rDI, K.seg_rBX_al,
  K.br16_1, K.br32_1, K.br64_1, K.br16_2, K.br32_4, K.br64_4,
]);

/** The x87 instructions (FXSAVE and FXRSTOR included: they hold the x87 state), which need a generated x87 state. */
export function isX87(form: Form): boolean {
  return form.operands.some((k) => X87_OPERANDS.has(k)) || form.mnemonic === Mnemonic.Wait || /^F/.test(MNEMONIC_NAMES.get(form.mnemonic) ?? '');
}

/**
 * The MMX forms (EMMS included), whose registers are the x87 registers, and the conversions
 * between MMX and XMM registers (CVTPI2PS... with a memory operand in place of the MMX register,
 * these run as SSE instructions): they need a generated x87 state too.
 */
export function isMmx(form: Form): boolean {
  return form.operands.some((k) => MMX_OPERANDS.has(k)) || form.mnemonic === Mnemonic.Emms;
}

function classify(form: Form): Classified {
  const unrunnable = UNRUNNABLE_MNEMONICS.get(form.mnemonic);
  if (unrunnable !== undefined) return { form, kind: 'excluded', reason: unrunnable };
  const focused = focusedCoverage(form);
  if (focused !== undefined) return { form, kind: 'focused', focused };
  const unknown = form.operands.find((k) => !GENERATED_OPERANDS.has(k));
  if (unknown !== undefined) return { form, kind: 'excluded', reason: `operand kind ${unknown} (iced OpCodeOperandKind) is not generated` };
  if (isX87(form)) return { form, kind: 'x87' };
  if (isMmx(form)) return { form, kind: 'mmx' };
  return { form, kind: TRANSFER_MNEMONICS.has(form.mnemonic) ? 'transfer' : 'generic' };
}

/** Every form the dispatch table implements, classified (or the forms of `codes`). */
export function catalog(codes: readonly number[] = implementedCodes()): Classified[] {
  return codes.map((code) => classify(formOf(code)));
}
