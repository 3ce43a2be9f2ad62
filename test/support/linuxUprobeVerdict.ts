/**
 * An independent transcription, for tests, of which x86-64 instructions Linux refuses to probe
 * (arch/x86/kernel/uprobes.c: uprobe_init_insn, is_prefix_bad, insn_masking_exception,
 * branch_setup_xol_ops), written from the kernel source and working on raw bytes only, so that
 * it shares nothing with the analysis facet it checks. Where UBP documents a deliberate
 * difference (docs/strategies.md: the two-byte table is applied, group 15's ordinary user forms
 * are accepted), the transcription follows UBP and says so.
 */

const LEGACY_PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);
/** is_prefix_bad: ES, CS, SS, DS and LOCK. */
export const BAD_PREFIXES: ReadonlySet<number> = new Set([0x26, 0x2e, 0x36, 0x3e, 0xf0]);

/** Zero bits of good_insns_64 (the row comments of the kernel table, 64-bit column). */
export const BAD_ONE_BYTE: ReadonlySet<number> = new Set([
  0x06, 0x07, 0x0e, 0x16, 0x17, 0x1e, 0x1f, 0x27, 0x2f, 0x37, 0x3f, 0x60, 0x61, 0x62, 0x6c, 0x6d, 0x6e, 0x6f, 0x82, 0x9a, 0xcc, 0xcd, 0xce, 0xcf, 0xd4, 0xd5, 0xd6,
  0xe4, 0xe5, 0xe6, 0xe7, 0xea, 0xec, 0xed, 0xee, 0xef, 0xf1, 0xf4, 0xfa, 0xfb,
]);

/** Zero bits of good_2byte_insns. */
export const BAD_TWO_BYTE: ReadonlySet<number> = new Set([0x00, 0x01, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0b, 0x30, 0x34, 0x35, 0x37, 0x78, 0x79, 0xae]);

/** 0f ae forms UBP accepts although the table refuses the whole group (docs/strategies.md). */
const GROUP15_USER_FORMS = /^(fxsave|fxsave64|fxrstor|fxrstor64|ldmxcsr|stmxcsr|lfence|mfence|sfence|clflush)\b/;

export interface RawInstruction {
  readonly bytes: Uint8Array;
  /** Mnemonic first (objdump or iced text); only needed for group 15. */
  readonly text: string;
}

interface Parts {
  readonly prefixes: number[];
  readonly twoByte: boolean;
  readonly opcode: number;
  readonly modrm: number | undefined;
}

function partsOf(bytes: Uint8Array): Parts {
  const prefixes: number[] = [];
  let i = 0;
  while (LEGACY_PREFIXES.has(bytes[i] ?? -1)) prefixes.push(bytes[i++]!);
  if (((bytes[i] ?? 0) & 0xf0) === 0x40) prefixes.push(bytes[i++]!);
  if (bytes[i] === 0xc4 || bytes[i] === 0xc5) throw new Error('VEX-encoded instructions are not covered by this transcription');
  if (bytes[i] === 0x0f) return { prefixes, twoByte: true, opcode: bytes[i + 1]!, modrm: bytes[i + 2] };
  return { prefixes, twoByte: false, opcode: bytes[i]!, modrm: bytes[i + 1] };
}

function isRelativeBranch({ twoByte, opcode }: Parts): boolean {
  if (twoByte) return opcode >= 0x80 && opcode <= 0x8f;
  return opcode === 0xe8 || opcode === 0xe9 || opcode === 0xeb || (opcode >= 0x70 && opcode <= 0x7f);
}

/** Why Linux (as UBP applies it) refuses a probe on this instruction under every strategy, or undefined. */
export function linuxRefusal(insn: RawInstruction): string | undefined {
  const parts = partsOf(insn.bytes);
  if (parts.prefixes.some((p) => BAD_PREFIXES.has(p))) return 'prefix';
  if (!parts.twoByte && parts.opcode === 0x8e && ((parts.modrm ?? 0) & 0x38) === 0x10) return 'mov ss';
  if (!parts.twoByte && BAD_ONE_BYTE.has(parts.opcode)) return 'one-byte table';
  if (parts.twoByte && BAD_TWO_BYTE.has(parts.opcode) && !(parts.opcode === 0xae && GROUP15_USER_FORMS.test(insn.text))) return 'two-byte table';
  // branch_setup_xol_ops: 16-bit branch forms are refused (Intel and AMD disagree on them).
  if (isRelativeBranch(parts) && parts.prefixes.includes(0x66)) return 'branch with 0x66';
  return undefined;
}

/** Whether the instruction is pushf or popf, which the xol-kernel strategy may not run at CPL2. */
export function isPushfOrPopf(insn: RawInstruction): boolean {
  const parts = partsOf(insn.bytes);
  return !parts.twoByte && (parts.opcode === 0x9c || parts.opcode === 0x9d);
}

/** A REP/REPE/REPNE string instruction: hardware single-steps it one iteration at a time. */
export function isRepeatedString(insn: RawInstruction): boolean {
  const parts = partsOf(insn.bytes);
  const string = !parts.twoByte && ((parts.opcode >= 0xa4 && parts.opcode <= 0xa7) || (parts.opcode >= 0xaa && parts.opcode <= 0xaf) || (parts.opcode >= 0x6c && parts.opcode <= 0x6f));
  return string && (parts.prefixes.includes(0xf3) || parts.prefixes.includes(0xf2));
}
