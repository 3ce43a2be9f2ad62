import { field } from '../encoding/fields.js';
import {
  ADR, ADRP, B, B_COND, BC_COND, BL, BLR, BLR_AUTH, BR, BR_AUTH, CBNZ, CBZ, type EncodingPattern, ERET, ERET_AUTH,
  EXCEPTION_GENERATING, EXCLUSIVE, HINT, LDR_LITERAL, LDR_SIMD_LITERAL, LDRSW_LITERAL, matches, matchesAny, MOPS,
  MRS, MSR_IMMEDIATE, MSR_REGISTER, NOP_WORD, PRFM_LITERAL, RET, RET_AUTH, TBNZ, TBZ,
} from '../encoding/patterns.js';
import { type SimulationName } from '../simulate/simulations.js';

/** What Linux (arm_probe_decode_insn for uprobes) does with a probe on an instruction. */
export type A64Verdict = 'refuse' | 'simulate' | 'step';

/** A class of A64 encodings that Linux treats alike, with its verdict and why. */
export interface A64Class {
  readonly name: string;
  readonly verdict: A64Verdict;
  readonly reason: string;
  /** For 'simulate': which of the kernel's simulate_* handlers runs it. */
  readonly simulation?: SimulationName;
}

interface Rule {
  readonly name: string;
  readonly applies: (word: number) => boolean;
  readonly reason: string;
}

const any = (...patterns: EncodingPattern[]) => (word: number) => matchesAny(word, patterns);

/** The system register an MRS names (op0:op1:CRn:CRm:op2, bits 20:5); DAIF is 3:3:4:2:1. */
const SYSREG_DAIF = 0xda11;
const readsDaif = (word: number): boolean => matches(word, MRS) && field(word, 5, 16) === SYSREG_DAIF;

/**
 * The hints Linux single-steps (aarch64_insn_is_steppable_hint), by CRm:op2: NOP, XPACLRI,
 * PACIA1716, PACIB1716, PACIAZ, PACIASP, PACIBZ, PACIBSP and the four BTI forms. The AUT* hints
 * are left out since "arm64: kprobe: disable probe of fault prone ptrauth instruction" (v5.9):
 * with FEAT_FPAC a failed authentication faults.
 */
const STEPPABLE_HINTS = new Set([0, 7, 8, 10, 24, 25, 26, 27, 32, 34, 36, 38]);
const unsteppableHint = (word: number): boolean => matches(word, HINT) && !STEPPABLE_HINTS.has(field(word, 5, 7));

/** The branches of aarch64_insn_is_branch. */
const BRANCHES = [B, BL, CBZ, CBNZ, TBZ, TBNZ, RET, RET_AUTH, BR, BR_AUTH, BLR, BLR_AUTH, B_COND];

/**
 * Why Linux will not single-step an instruction out of line, in the order of
 * aarch64_insn_is_steppable (arch/arm64/kernel/probes/decode-insn.c). The kernel tests the first
 * seven only inside the "branches, exception generating and system" group (op0 bits 28:26 = 101),
 * where all their encodings lie, so one flat list decides the same.
 */
const LINUX_STEP_BLOCKERS: readonly Rule[] = [
  {
    name: 'branch',
    applies: any(...BRANCHES),
    // Only the pointer-authenticating branches get this far: the others are simulated.
    reason: 'a pointer-authenticating branch (BRAA, BRAB, BLRAA, BLRAB, RETAA, RETAB and the Z forms): like every branch it would compute its target from the slot, and Linux has no simulation for it',
  },
  {
    name: 'MSR (immediate)',
    applies: any(MSR_IMMEDIATE),
    reason: 'MSR (immediate) and the PSTATE instructions sharing its encoding (CFINV, XAFLAG, AXFLAG) change PSTATE, which Linux does not allow under single-step',
  },
  {
    name: 'MSR (register)',
    applies: any(MSR_REGISTER),
    reason: 'MSR (register): a system register write "can do any number of nasty things" under single-step (decode-insn.c)',
  },
  {
    name: 'exception generating',
    applies: any(EXCEPTION_GENERATING),
    reason: 'exception generating (SVC, HVC, SMC, BRK, HLT, DCPS): raising an exception while single-stepping is not safe',
  },
  {
    name: 'exception return',
    applies: any(ERET, ERET_AUTH),
    reason: 'ERET/ERETAA/ERETAB: an exception return is not single-stepped',
  },
  {
    name: 'MRS DAIF',
    applies: readsDaif,
    reason: 'MRS of DAIF: the one system register read Linux refuses, since the interrupt masks read differently while the kernel steps it (every other MRS is stepped)',
  },
  {
    name: 'hint',
    applies: unsteppableHint,
    reason: 'a hint outside the steppable list (NOP, PACIASP and the other PACI* forms, XPACLRI, BTI), e.g. YIELD, WFE, WFI, SEV, ESB, CSDB, or AUTIASP and the other AUT* forms, which fault on a bad pointer with FEAT_FPAC',
  },
  {
    name: 'LDR/LDRSW (literal)',
    applies: any(LDR_LITERAL, LDRSW_LITERAL),
    reason: 'LDR/LDRSW (literal): a PC-relative load; Linux refuses it for uprobes since "arm64: probes: Remove broken LDR (literal) uprobe support" (Mark Rutland, October 2024), as its simulation read user memory with kernel accessors; only kprobes still simulate it',
  },
  {
    name: 'ADR/ADRP',
    applies: any(ADR, ADRP),
    reason: 'ADR/ADRP: PC-relative, so a copy in the slot would compute from the slot address',
  },
  {
    name: 'PRFM (literal)',
    applies: any(PRFM_LITERAL),
    reason: 'PRFM (literal): PC-relative, so not steppable from the slot, and Linux has no simulation for it',
  },
  {
    name: 'load/store exclusive',
    applies: any(EXCLUSIVE),
    reason: 'a load/store exclusive (LDXR, STXR, LDAXR, STLXR, LDXP, STXP..., and CASP, which shares its encoding group): the step exception clears the exclusive monitor, so the STXR of the sequence would never succeed',
  },
  {
    name: 'memory copy/set',
    applies: any(MOPS),
    reason: 'a memory copy/set instruction (FEAT_MOPS CPYP/CPYM/CPYE, SETP/SETM/SETE): its three parts must run consecutively',
  },
];

/**
 * PC-relative encodings Linux's masks miss: the kernel would single-step them from the slot and
 * load from, or branch relative to, the slot. UBP refuses them instead (a deliberate deviation).
 */
const UBP_STEP_BLOCKERS: readonly Rule[] = [
  {
    name: 'LDR (literal, SIMD&FP)',
    applies: any(LDR_SIMD_LITERAL),
    reason: "LDR (literal, SIMD&FP): a PC-relative load; Linux's literal test (aarch64_insn_is_ldr_lit, mask 0xbf000000 = 0x18000000) only covers the general-register forms, so the kernel would step this one from the slot and load the wrong data; UBP refuses it",
  },
  {
    name: 'BC.cond',
    applies: any(BC_COND),
    reason: "BC.cond (FEAT_HBC): a PC-relative branch that aarch64_insn_is_bcond's mask (bit 4 = 0) misses, so the kernel would step it from the slot; UBP refuses it",
  },
];

const STEP_BLOCKERS = [...LINUX_STEP_BLOCKERS, ...UBP_STEP_BLOCKERS];

const simulated = (name: string, simulation: SimulationName, reason: string, patterns: EncodingPattern[]) => ({
  patterns,
  verdict: { name, verdict: 'simulate', reason, simulation } satisfies A64Class,
});

/** The instructions Linux simulates instead of stepping, in the order arm_probe_decode_insn tests them. */
const SIMULATIONS = [
  simulated('B.cond', 'b.cond', 'B.cond: simulated from PSTATE.NZCV (simulate_b_cond), no slot and no step', [B_COND]),
  simulated('CBZ/CBNZ', 'cbz/cbnz', 'CBZ/CBNZ: simulated (simulate_cbz_cbnz), no slot and no step', [CBZ, CBNZ]),
  simulated('TBZ/TBNZ', 'tbz/tbnz', 'TBZ/TBNZ: simulated (simulate_tbz_tbnz), no slot and no step', [TBZ, TBNZ]),
  simulated('ADR/ADRP', 'adr/adrp', 'ADR/ADRP: the PC-relative address is computed from the probed address (simulate_adr_adrp)', [ADR, ADRP]),
  simulated('B/BL', 'b/bl', 'B/BL: simulated, BL setting LR to the probed address + 4 (simulate_b_bl)', [B, BL]),
  simulated('BR/BLR/RET', 'br/blr/ret', 'BR/BLR/RET: simulated from the register (simulate_br_blr_ret)', [BR, BLR, RET]),
];

const NOP: A64Class = {
  name: 'NOP',
  verdict: 'simulate',
  reason: 'NOP: simulated (PC + 4) because that is cheaper than a step, though the slot would work',
  simulation: 'nop',
};

/** The top-level A64 encoding groups (op0 bit 31, op1 bits 28:25), naming what Linux steps. */
function encodingGroup(word: number): string {
  const op1 = field(word, 25, 4);
  if (op1 === 0b0000) return word >>> 31 === 1 ? 'SME' : 'reserved (UDF)';
  if (op1 === 0b0010) return 'SVE';
  if ((op1 & 0b1110) === 0b1000) return 'data processing (immediate)';
  if ((op1 & 0b1110) === 0b1010) return 'system (barriers, SYS, MRS, PAC and BTI hints)';
  if ((op1 & 0b0101) === 0b0100) return 'loads and stores';
  if ((op1 & 0b0111) === 0b0101) return 'data processing (register)';
  if ((op1 & 0b0111) === 0b0111) return 'scalar FP and Advanced SIMD';
  return 'unallocated';
}

const stepped = new Map<string, A64Class>();

function steppedClass(word: number): A64Class {
  const name = encodingGroup(word);
  let verdict = stepped.get(name);
  if (verdict === undefined) {
    verdict = {
      name: `step: ${name}`,
      verdict: 'step',
      reason: 'neither a branch nor PC-relative nor one Linux refuses: copied to a 4-byte slot, single-stepped, and the PC set to the probed address + 4',
    };
    stepped.set(name, verdict);
  }
  return verdict;
}

const refusals = new Map<Rule, A64Class>();

function refused(rule: Rule): A64Class {
  let verdict = refusals.get(rule);
  if (verdict === undefined) {
    verdict = { name: rule.name, verdict: 'refuse', reason: rule.reason };
    refusals.set(rule, verdict);
  }
  return verdict;
}

/**
 * How Linux's uprobes would handle a probe on `word`, decided from the encoding bits as
 * arm_probe_decode_insn does: NOP is simulated; anything aarch64_insn_is_steppable accepts is
 * stepped; of the rest, the branches and ADR/ADRP are simulated and everything else refused.
 */
export function classifyA64(word: number): A64Class {
  if (word === NOP_WORD) return NOP;
  const blocker = STEP_BLOCKERS.find((rule) => rule.applies(word));
  if (blocker === undefined) return steppedClass(word);
  return SIMULATIONS.find((s) => matchesAny(word, s.patterns))?.verdict ?? refused(blocker);
}
