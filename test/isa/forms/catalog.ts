import { Code, CodeExt, implementedCodes, MemorySizeExt, Mnemonic, OpCodeOperandKind as K } from '@ubp/arch-x86-64';

/** One instruction form (an iced Code) as the generator needs it. */
export interface Form {
  readonly code: number;
  /** The iced Code name, e.g. Add_rm32_r32. */
  readonly name: string;
  readonly mnemonic: number;
  readonly operands: readonly number[];
  /** Bytes the memory operand accesses (0 when it has none or does not access it). */
  readonly memorySize: number;
  readonly canLock: boolean;
  readonly canRep: boolean;
  readonly canRepne: boolean;
  readonly stack: boolean;
}

export type Classified =
  | { readonly form: Form; readonly kind: 'generic' | 'transfer' }
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
      canLock: info.canUseLockPrefix,
      canRep: info.canUseRepPrefix,
      canRepne: info.canUseRepnePrefix,
      stack: info.isStackInstruction,
    };
  } finally {
    info.free();
  }
}

/** Forms the harness cannot run, by mnemonic, with the reason. */
const EXCLUDED_MNEMONICS = new Map<number, string>([
  [Mnemonic.Syscall, 'enters the kernel: the emulator stops there, the host runner would make a real system call'],
  [Mnemonic.Int3, "int3 is the harness's own stop marker"],
  [Mnemonic.Int, 'int n: int 0x80 is a system call on the host'],
  [Mnemonic.Int1, 'int1 raises SIGTRAP, which the host runner takes for its stop marker'],
  [Mnemonic.Cpuid, 'the emulated CPU model differs from the host on purpose (runtime/cpuidModel.ts)'],
  [Mnemonic.Rdtsc, 'reads the time stamp counter: no two runs agree'],
  [Mnemonic.Rdtscp, 'reads the time stamp counter: no two runs agree'],
  [Mnemonic.Rdrand, 'random by design'],
  [Mnemonic.Rdseed, 'random by design'],
  [Mnemonic.Wait, 'x87: the harness state has no x87 registers'],
  [Mnemonic.Popcnt, 'the CPU model has no POPCNT (#UD on purpose, runtime/cpuidModel.ts); the host has it'],
  [Mnemonic.Wrfsbase, "changes FS, which holds the host runner's own thread pointer"],
  [Mnemonic.Wrgsbase, 'changes the GS base, which the harness state does not hold'],
  [Mnemonic.Lfs, "loads FS, which holds the host runner's own thread pointer"],
  [Mnemonic.Lgs, 'loads GS, which the harness state does not hold'],
  [Mnemonic.Lss, 'loads SS, which the harness state does not hold'],
  [Mnemonic.Emms, 'MMX: the harness state has no x87/MMX registers'],
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

const SEGMENT_OPERANDS = new Set<number>([K.seg_reg, K.es, K.cs, K.ss, K.ds, K.fs, K.gs]);
const MMX_OPERANDS = new Set<number>([K.mm_reg, K.mm_rm, K.mm_or_mem]);
const X87_OPERANDS = new Set<number>([K.st0, K.sti_opcode]);
const FAR_OPERANDS = new Set<number>([K.farbr2_2, K.farbr4_2]);

/** Operand kinds the generator knows how to fill. */
export const GENERATED_OPERANDS = new Set<number>([
  K.mem_offs, K.mem, K.r8_or_mem, K.r16_or_mem, K.r32_or_mem, K.r64_or_mem, K.xmm_or_mem,
  K.r8_reg, K.r8_opcode, K.r16_reg, K.r16_rm, K.r16_opcode, K.r32_reg, K.r32_rm, K.r32_opcode, K.r64_reg, K.r64_rm, K.r64_opcode,
  K.xmm_reg, K.xmm_rm, K.cr_reg, K.dr_reg, K.al, K.cl, K.ax, K.dx, K.eax, K.rax,
  K.imm8, K.imm8_const_1, K.imm8sex16, K.imm8sex32, K.imm8sex64, K.imm16, K.imm32, K.imm32sex64, K.imm64,
  K.seg_rSI, K.es_rDI, K.seg_rDI, K.seg_rBX_al,
  K.br16_1, K.br32_1, K.br64_1, K.br16_2, K.br32_4, K.br64_4,
]);

function classify(form: Form): Classified {
  const mnemonicName = MNEMONIC_NAMES.get(form.mnemonic) ?? '';
  const excluded = EXCLUDED_MNEMONICS.get(form.mnemonic);
  if (excluded !== undefined) return { form, kind: 'excluded', reason: excluded };
  if (form.operands.some((k) => X87_OPERANDS.has(k)) || /^F/.test(mnemonicName)) return { form, kind: 'excluded', reason: 'x87: the harness state has no x87 registers' };
  if (form.operands.some((k) => MMX_OPERANDS.has(k))) return { form, kind: 'excluded', reason: 'MMX: the harness state has no x87/MMX registers' };
  if (form.operands.some((k) => SEGMENT_OPERANDS.has(k))) {
    return { form, kind: 'excluded', reason: "segment registers: loading one on the host would change the runner's own FS (TLS) or fault it" };
  }
  const far = form.operands.some((k) => FAR_OPERANDS.has(k)) || ((form.mnemonic === Mnemonic.Call || form.mnemonic === Mnemonic.Jmp) && form.operands[0] === K.mem);
  if (far) return { form, kind: 'excluded', reason: 'far transfer: loads CS' };
  const unknown = form.operands.find((k) => !GENERATED_OPERANDS.has(k));
  if (unknown !== undefined) return { form, kind: 'excluded', reason: `operand kind ${unknown} (iced OpCodeOperandKind) is not generated` };
  return { form, kind: TRANSFER_MNEMONICS.has(form.mnemonic) ? 'transfer' : 'generic' };
}

/** Every form the dispatch table implements, classified (or the forms of `codes`). */
export function catalog(codes: readonly number[] = implementedCodes()): Classified[] {
  return codes.map((code) => classify(formOf(code)));
}
