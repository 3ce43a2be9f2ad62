import { Code, CodeExt, CpuidFeature, EncodingKind, Instruction, OpCodeOperandKind } from '../../decode/iced.js';
import { type Emitter } from '../dispatch/Emitter.js';

/** The extensions of the CPU model: a baseline x86-64 processor has SSE, SSE2 and FXSAVE, nothing newer. */
const MODEL_FEATURES = new Set<number>([CpuidFeature.SSE, CpuidFeature.SSE2, CpuidFeature.FXSR]);
const MMX_OPERANDS = new Set<number>([OpCodeOperandKind.mm_reg, OpCodeOperandKind.mm_rm, OpCodeOperandKind.mm_or_mem]);
const CODE_COUNT = Object.values(Code).filter((v) => typeof v === 'number').length;

let formsByMnemonic: Map<number, number[]> | undefined;

function belongsToModel(code: number): boolean {
  const instruction = Instruction.create(code);
  try {
    const features = Array.from(instruction.cpuidFeatures());
    return features.length > 0 && features.every((f) => MODEL_FEATURES.has(f) || f === CpuidFeature.X64);
  } finally {
    instruction.free();
  }
}

function usesMmxRegister(info: { opCount: number; opKind(i: number): number }): boolean {
  for (let i = 0; i < info.opCount; i++) if (MMX_OPERANDS.has(info.opKind(i))) return true;
  return false;
}

/**
 * The legacy-encoded Codes of every SSE/SSE2 mnemonic valid in 64-bit mode, without MMX register
 * forms. Registering by Code rather than by mnemonic keeps out the forms a mnemonic shares with
 * other extensions (the SSE4.1 PEXTRW m16) or with other instructions (string MOVSD and CMPSD).
 */
function sseForms(): Map<number, number[]> {
  if (formsByMnemonic !== undefined) return formsByMnemonic;
  formsByMnemonic = new Map();
  for (let code = 0; code < CODE_COUNT; code++) {
    const info = CodeExt.opCode(code);
    try {
      if (info.encoding !== EncodingKind.Legacy || !info.mode64 || usesMmxRegister(info) || !belongsToModel(code)) continue;
      const forms = formsByMnemonic.get(info.mnemonic) ?? [];
      forms.push(code);
      formsByMnemonic.set(info.mnemonic, forms);
    } finally {
      info.free();
    }
  }
  return formsByMnemonic;
}

/** Emitters by Code for every SSE/SSE2 form of the given mnemonics. */
export function sseCodes(emitters: Readonly<Partial<Record<number, Emitter>>>): Record<number, Emitter> {
  const codes: Record<number, Emitter> = {};
  for (const [mnemonic, emit] of Object.entries(emitters)) {
    const forms = sseForms().get(Number(mnemonic));
    if (forms === undefined || emit === undefined) throw new Error(`mnemonic ${mnemonic} has no SSE/SSE2 form`);
    for (const code of forms) codes[code] = emit;
  }
  return codes;
}
