import { Code, CodeExt, EncodingKind, FlowControl, Mnemonic, OpCodeOperandKind, Register } from '../../decode/iced.js';
import { OperandKind, type X86Insn } from '../../decode/X86Insn.js';
import { opsGroups } from '../ops/opsGroups.js';
import { type Emitter } from './Emitter.js';

const K = OpCodeOperandKind;
/**
 * Operands the CPU model has no state for: segment registers and far pointers (the task's
 * selectors are fixed, and a far transfer would leave 64-bit mode). Their forms decode to an
 * unsupported-instruction SIGILL unless a group lists the Code itself.
 */
const UNMODELLED_OPERANDS = new Set<number>([K.seg_reg, K.es, K.cs, K.ss, K.ds, K.fs, K.gs, K.farbr2_2, K.farbr4_2]);
const CODE_COUNT = Object.values(Code).filter((v) => typeof v === 'number').length;

function usesUnmodelledOperand(info: { mnemonic: number; opCount: number; opKind(i: number): number }): boolean {
  for (let i = 0; i < info.opCount; i++) if (UNMODELLED_OPERANDS.has(info.opKind(i))) return true;
  // Call/Jmp m16:16/32/64 is the far form through memory (the near one takes r/m).
  return (info.mnemonic === Mnemonic.Call || info.mnemonic === Mnemonic.Jmp) && info.opCount === 1 && info.opKind(0) === K.mem;
}

/**
 * The emitter of every instruction form the CPU implements, indexed by iced Code and built once:
 * a Code-specific emitter if a group has one, else its mnemonic's. Only legacy encodings valid in
 * 64-bit mode are candidates (no VEX/EVEX: the CPU model is a baseline x86-64 without AVX), and
 * forms with an operand the model has no state for only where a group lists the Code itself.
 */
function buildTable(): Array<Emitter | undefined> {
  const byMnemonic = new Map<number, Emitter>();
  const byCode = new Map<number, Emitter>();
  for (const group of opsGroups) {
    for (const [key, emit] of Object.entries(group.mnemonics ?? {})) if (emit !== undefined) byMnemonic.set(Number(key), emit);
    for (const [key, emit] of Object.entries(group.codes ?? {})) if (emit !== undefined) byCode.set(Number(key), emit);
  }
  const table = new Array<Emitter | undefined>(CODE_COUNT);
  for (let code = 0; code < CODE_COUNT; code++) {
    const direct = byCode.get(code);
    if (direct !== undefined) {
      table[code] = direct;
      continue;
    }
    const info = CodeExt.opCode(code);
    try {
      if (info.encoding !== EncodingKind.Legacy || !info.mode64 || usesUnmodelledOperand(info)) continue;
      table[code] = byMnemonic.get(info.mnemonic);
    } finally {
      info.free();
    }
  }
  return table;
}

let table: Array<Emitter | undefined> | undefined;

export function emitterFor(code: number): Emitter | undefined {
  table ??= buildTable();
  return table[code];
}

/** Every Code the CPU implements, for coverage reports and the differential suite. */
export function implementedCodes(): number[] {
  table ??= buildTable();
  const codes: number[] = [];
  table.forEach((emit, code) => {
    if (emit !== undefined) codes.push(code);
  });
  return codes;
}

/** Instructions that trap with no memory operand: divide errors, #UD and #GP by design, POPCNT on this CPU model. */
const TRAPPING = new Set<number>([Mnemonic.Div, Mnemonic.Idiv, Mnemonic.Wait, Mnemonic.Ud0, Mnemonic.Ud1, Mnemonic.Ud2, Mnemonic.Hlt, Mnemonic.Cli, Mnemonic.Sti, Mnemonic.Popcnt]);

/** Every x87 instruction: a waiting one raises a pending x87 exception, and many raise their own. */
const X87 = new Set<number>(
  Object.entries(Mnemonic)
    .filter(([name, value]) => typeof value === 'number' && name.startsWith('F') && name !== 'Femms')
    .map(([, value]) => value as number),
);

/** An SSE instruction may raise an unmasked SIMD floating-point exception (#XM) with register operands only. */
function usesXmm(insn: X86Insn): boolean {
  return insn.operands.some((o) => o.kind === OperandKind.Register && o.register >= Register.XMM0 && o.register <= Register.XMM15);
}

/** An MMX instruction (EMMS included) faults (#MF) while an x87 exception is pending. */
function usesMmx(insn: X86Insn): boolean {
  return insn.mnemonic === Mnemonic.Emms || insn.operands.some((o) => o.kind === OperandKind.Register && o.register >= Register.MM0 && o.register <= Register.MM7);
}

/**
 * Whether the instruction can stop the block with a fault (memory access, stack, divide, FP
 * exception...): the flags before it must then be stored, and the block must know it is running.
 */
export function mayFault(insn: X86Insn): boolean {
  return insn.memSize > 0 || insn.stackInstruction || TRAPPING.has(insn.mnemonic) || X87.has(insn.mnemonic) || usesXmm(insn) || usesMmx(insn) || insn.flow === FlowControl.Exception;
}

const VARIABLE_COUNT_SHIFTS = new Set<number>([
  Mnemonic.Shl,
  Mnemonic.Shr,
  Mnemonic.Sar,
  Mnemonic.Sal,
  Mnemonic.Rol,
  Mnemonic.Ror,
  Mnemonic.Rcl,
  Mnemonic.Rcr,
  Mnemonic.Shld,
  Mnemonic.Shrd,
]);

/**
 * Whether every flag the instruction modifies is written whatever the operands: a shift by CL
 * leaves the flags alone when the count is zero, so it cannot hide an earlier write.
 */
export function writesFlagsUnconditionally(insn: X86Insn): boolean {
  if (!VARIABLE_COUNT_SHIFTS.has(insn.mnemonic)) return true;
  return !insn.operands.some((o, i) => i > 0 && o.kind === OperandKind.Register);
}

