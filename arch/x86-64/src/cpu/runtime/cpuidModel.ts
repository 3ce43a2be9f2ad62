import { type X86RegisterFile } from '../state/X86RegisterFile.js';

function ascii(text: string): number[] {
  const bytes = new TextEncoder().encode(text.padEnd(48, '\0').slice(0, 48));
  const words: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) words.push(bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  return words;
}

const VENDOR = ascii('AuthenticAMD');
const BRAND = ascii('UBP emulated x86-64 (baseline, SSE2)');

/** CPUID.1:EDX: FPU TSC MSR PAE CX8 APIC SEP CMOV PAT CLFSH MMX FXSR SSE SSE2 — a baseline x86-64 (v1) processor. */
const LEAF1_EDX = (1 << 0) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 8) | (1 << 9) | (1 << 11) | (1 << 15) | (1 << 16) | (1 << 19) | (1 << 23) | (1 << 24) | (1 << 25) | (1 << 26);
/** CPUID.80000001h:EDX: SYSCALL NX LM (and the FPU/CMOV... mirror bits AMD repeats). */
const EXT1_EDX = LEAF1_EDX | (1 << 11) | (1 << 20) | (1 << 29);
/** CPUID.80000001h:ECX: LAHF/SAHF in long mode. */
const EXT1_ECX = 1;

/**
 * The CPU model the guest sees: AMD family 0Fh (a K8-class processor) with SSE2 and nothing
 * newer, so that glibc's ifunc resolvers pick their SSE2 code and musl never sees AVX.
 * Returns [eax, ebx, ecx, edx].
 */
export function cpuidLeaf(leaf: number): [number, number, number, number] {
  switch (leaf) {
    case 0:
      return [1, VENDOR[0]!, VENDOR[2]!, VENDOR[1]!];
    case 1:
      // Family 0Fh, model 4, stepping 1; CLFLUSH line 8 quadwords; one logical processor.
      return [0x00000f41, (8 << 8) | (1 << 16), 0, LEAF1_EDX];
    case 0x80000000:
      return [0x80000008, VENDOR[0]!, VENDOR[2]!, VENDOR[1]!];
    case 0x80000001:
      return [0x00000f41, 0, EXT1_ECX, EXT1_EDX];
    case 0x80000002:
    case 0x80000003:
    case 0x80000004: {
      const at = (leaf - 0x80000002) * 4;
      return [BRAND[at]!, BRAND[at + 1]!, BRAND[at + 2]!, BRAND[at + 3]!];
    }
    case 0x80000005:
      // L1 data and instruction caches: 64 KiB, 2-way, 64-byte lines.
      return [0, 0, (64 << 24) | (2 << 16) | (1 << 8) | 64, (64 << 24) | (2 << 16) | (1 << 8) | 64];
    case 0x80000006:
      // L2: 512 KiB, 16-way (encoding 8), 64-byte lines; no L3.
      return [0, 0, (512 << 16) | (8 << 12) | (1 << 8) | 64, 0];
    case 0x80000008:
      // 48-bit virtual and 40-bit physical addresses.
      return [0x3028, 0, 0, 0];
    default:
      return [0, 0, 0, 0];
  }
}

export function cpuid(s: X86RegisterFile): void {
  const [a, b, c, d] = cpuidLeaf(s.r[0]! >>> 0);
  s.r[0] = a;
  s.r[1] = 0;
  s.r[6] = b;
  s.r[7] = 0;
  s.r[2] = c;
  s.r[3] = 0;
  s.r[4] = d;
  s.r[5] = 0;
}
