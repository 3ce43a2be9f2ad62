import { Code, CodeExt, CpuidFeature, EncodingKind, Instruction, OpCodeOperandKind } from '../../decode/iced.js';
import { type Emitter } from '../dispatch/Emitter.js';

/** The extensions of the CPU model: a baseline x86-64 processor has MMX, SSE, SSE2 and FXSAVE, nothing newer. */
const MODEL_FEATURES = new Set<number>([CpuidFeature.MMX, CpuidFeature.SSE, CpuidFeature.SSE2, CpuidFeature.FXSR]);
const MMX_OPERANDS = new Set<number>([OpCodeOperandKind.mm_reg, OpCodeOperandKind.mm_rm, OpCodeOperandKind.mm_or_mem]);
const CODE_COUNT = Object.values(Code).filter((v) => typeof v === 'number').length;

/** A mnemonic's forms in the model: those on XMM registers (or none), and those on MMX registers (and EMMS). */
interface Forms {
  readonly sse: number[];
  readonly mmx: number[];
}

let formsByMnemonic: Map<number, Forms> | undefined;

/** The CPUID features of `code` when all of them are the model's, else undefined. */
function modelFeatures(code: number): number[] | undefined {
  const instruction = Instruction.create(code);
  try {
    const features = Array.from(instruction.cpuidFeatures());
    return features.length > 0 && features.every((f) => MODEL_FEATURES.has(f) || f === CpuidFeature.X64) ? features : undefined;
  } finally {
    instruction.free();
  }
}

function usesMmxRegister(info: { opCount: number; opKind(i: number): number }): boolean {
  for (let i = 0; i < info.opCount; i++) if (MMX_OPERANDS.has(info.opKind(i))) return true;
  return false;
}

/**
 * The legacy-encoded Codes of every MMX/SSE/SSE2 mnemonic valid in 64-bit mode, the MMX register
 * forms apart. Registering by Code rather than by mnemonic keeps out the forms a mnemonic shares
 * with other extensions (the SSE4.1 PEXTRW m16, the SSSE3 forms on MMX registers) or with other
 * instructions (string MOVSD and CMPSD).
 */
function modelForms(): Map<number, Forms> {
  if (formsByMnemonic !== undefined) return formsByMnemonic;
  formsByMnemonic = new Map();
  for (let code = 0; code < CODE_COUNT; code++) {
    const info = CodeExt.opCode(code);
    try {
      if (info.encoding !== EncodingKind.Legacy || !info.mode64) continue;
      const features = modelFeatures(code);
      if (features === undefined) continue;
      const forms = formsByMnemonic.get(info.mnemonic) ?? { sse: [], mmx: [] };
      (usesMmxRegister(info) || features.includes(CpuidFeature.MMX) ? forms.mmx : forms.sse).push(code);
      formsByMnemonic.set(info.mnemonic, forms);
    } finally {
      info.free();
    }
  }
  return formsByMnemonic;
}

/** Emitters by Code for every SSE/SSE2 form (on XMM registers, or none) of the given mnemonics. */
export function sseCodes(emitters: Readonly<Partial<Record<number, Emitter>>>): Record<number, Emitter> {
  const codes: Record<number, Emitter> = {};
  for (const [mnemonic, emit] of Object.entries(emitters)) {
    const forms = modelForms().get(Number(mnemonic))?.sse ?? [];
    if (forms.length === 0 || emit === undefined) throw new Error(`mnemonic ${mnemonic} has no SSE/SSE2 form`);
    for (const code of forms) codes[code] = emit;
  }
  return codes;
}

/**
 * Emitters by Code for every form on MMX registers (and EMMS) of the given mnemonics, which
 * the model's features have (MMX, and the MMX forms SSE and SSE2 added); a mnemonic without
 * such forms (PSLLDQ...) contributes nothing.
 */
export function mmxCodes(emitters: Readonly<Partial<Record<number, Emitter>>>): Record<number, Emitter> {
  const codes: Record<number, Emitter> = {};
  for (const [mnemonic, emit] of Object.entries(emitters)) {
    if (emit === undefined) continue;
    for (const code of modelForms().get(Number(mnemonic))?.mmx ?? []) codes[code] = emit;
  }
  return codes;
}
