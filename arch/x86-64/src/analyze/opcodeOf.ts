const LEGACY_PREFIXES = new Set([0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x36, 0x3e, 0x26, 0x64, 0x65]);

export interface OpcodeParts {
  /** Legacy prefixes and REX, in order. */
  readonly prefixes: number[];
  /** The opcode byte that the kernel's tables are indexed by. */
  readonly opcode: number;
  /** Whether it follows a 0x0f escape (or a VEX/EVEX prefix implying one). */
  readonly twoByte: boolean;
  /** The ModRM byte, when the instruction has one in the position after the opcode. */
  readonly modrm: number | undefined;
}

/**
 * Splits an instruction's bytes the way Linux's insn decoder presents them to uprobe_init_insn:
 * prefixes, then the opcode (after 0x0f, or after a VEX/EVEX prefix, whose opcode the kernel
 * tests against the same tables).
 */
export function opcodeOf(bytes: Uint8Array): OpcodeParts {
  const prefixes: number[] = [];
  let i = 0;
  while (i < bytes.length && LEGACY_PREFIXES.has(bytes[i]!)) prefixes.push(bytes[i++]!);
  if (i < bytes.length && (bytes[i]! & 0xf0) === 0x40) prefixes.push(bytes[i++]!);
  const first = bytes[i] ?? 0;
  if (first === 0xc5) return { prefixes, opcode: bytes[i + 2] ?? 0, twoByte: true, modrm: bytes[i + 3] };
  if (first === 0xc4) return { prefixes, opcode: bytes[i + 3] ?? 0, twoByte: true, modrm: bytes[i + 4] };
  if (first === 0x62) return { prefixes, opcode: bytes[i + 4] ?? 0, twoByte: true, modrm: bytes[i + 5] };
  if (first === 0x0f) return { prefixes, opcode: bytes[i + 1] ?? 0, twoByte: true, modrm: bytes[i + 2] };
  return { prefixes, opcode: first, twoByte: false, modrm: bytes[i + 1] };
}
