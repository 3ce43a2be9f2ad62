import { type ArchDescriptor, EM_AARCH64, Protection } from '@ubp/core';
import { wordBytes } from './encoding/fields.js';
import { Arm64RegisterFile } from './state/Arm64RegisterFile.js';

/**
 * BRK64_OPCODE_UPROBES (arch/arm64/include/asm/debug-monitors.h): AARCH64_BREAK_MON
 * (0xd4200000, BRK) with UPROBES_BRK_IMM = 0x005 (asm/brk-imm.h) in imm16, bits 20:5.
 */
const BRK64_OPCODE_UPROBES = 0xd4200000 | (0x005 << 5);

// Linux's AT_HWCAP bits (arch/arm64/include/uapi/asm/hwcap.h) for a baseline Armv8.0 core:
// FP and Advanced SIMD (mandatory for Linux), the timer event stream the kernel enables by
// default, and CPUID (EL0 reads of the ID registers, emulated by the kernel since v4.11).
const HWCAP_FP = 1 << 0;
const HWCAP_ASIMD = 1 << 1;
const HWCAP_EVTSTRM = 1 << 2;
const HWCAP_CPUID = 1 << 11;

/** 48-bit virtual addresses (VA_BITS = 48, 4 KiB pages): TASK_SIZE_64 = DEFAULT_MAP_WINDOW_64 = 2^48. */
const TASK_SIZE = 2 ** 48;

/**
 * The names uprobe_events fetch arguments use (regs_query_register_offset, arch/arm64/kernel/
 * ptrace.c): x0-x30, sp and pc as ours, and pstate, of which EL0 sees the NZCV bits.
 */
const traceRegisterNames: Readonly<Record<string, string>> = Object.fromEntries([
  ...Array.from({ length: 31 }, (_, n) => [`x${n}`, `x${n}`]),
  ['sp', 'sp'],
  ['pc', 'pc'],
  ['pstate', 'nzcv'],
]);

/** The fixed facts of arm64 Linux as UBP models it. */
export const arm64Descriptor: ArchDescriptor = {
  name: 'arm64',
  machine: 'aarch64',
  elfMachine: EM_AARCH64,
  breakpoint: wordBytes(BRK64_OPCODE_UPROBES),
  // The BRK exception reports the address of the BRK itself (ELR_EL1 = the BRK).
  breakpointPcOffset: 0,
  maxInstructionBytes: 4,
  instructionAlignment: 4,
  xolSlotBytes: 4,
  // The architecture requires at least 2 breakpoint register pairs (ID_AA64DFR0_EL1.BRPs + 1,
  // from 2 to 16); cores such as Cortex-A53/A57/A72 implement 6.
  hardwareBreakpoints: 2,
  // AArch64 has four Exception levels: EL0 (applications), EL1 (the OS kernel), EL2
  // (hypervisor), EL3 (secure monitor), privilege rising with the number. Linux runs user code
  // at EL0 and itself at EL1 (or EL2 with VHE); nothing lies between EL0 and EL1, and the
  // levels above the kernel are more privileged still. So there is no level, as x86's CPL 1-2
  // are, at which the kernel could run user instructions with their memory operands checked
  // against user permissions: the nearest tool, EL1's LDTR/STTR "unprivileged" loads and
  // stores, exists only for single-register accesses with a 9-bit offset.
  intermediatePrivilege: undefined,
  layout: {
    taskSize: TASK_SIZE,
    // STACK_TOP = STACK_TOP_MAX = TASK_SIZE_64 for AArch64 tasks; the stack ends just below it.
    stackTop: TASK_SIZE,
    stackLimit: 8 * 1024 * 1024,
    // mmap_base() of mm/util.c without randomisation: STACK_TOP minus the gap, which is the
    // 8 MiB stack limit plus the 1 MiB stack guard gap raised to MIN_GAP (128 MiB).
    mmapBase: TASK_SIZE - 128 * 1024 * 1024,
    // CONFIG_DEFAULT_MMAP_MIN_ADDR as Debian and Ubuntu configure arm64 kernels (32 KiB).
    mmapMinAddr: 0x8000,
    // ELF_ET_DYN_BASE is 2/3 of the 48-bit window (0xaaaaaaaaaaaa), aligned down by the kernel
    // to the largest PT_LOAD p_align, which GNU ld makes 64 KiB on arm64.
    pieLoadBase: 0xaaaa_aaaa_0000,
    // 48-bit VA: TTBR0 covers [0, 2^48), TTBR1 the top 2^48; between them every access faults.
    canonicalLimit: 2 ** 48,
    // arm64 can map execute-only pages; a writable page is always readable.
    impliedRead: Protection.Write,
  },
  platform: 'aarch64',
  hwcap: HWCAP_FP | HWCAP_ASIMD | HWCAP_EVTSTRM | HWCAP_CPUID,
  hwcap2: 0,
  // minsigstksz_setup() without SVE or SME: sizeof(struct rt_sigframe) (128-byte siginfo plus
  // a ucontext whose sigcontext holds 4096 bytes of records, 4688 in all), a 16-byte frame
  // record and 16 bytes of alignment padding.
  minSignalStackSize: 4720,
  returnValueRegister: 'x0',
  // BL puts the return address in LR; a return pops nothing.
  returnAddressStackBytes: 0,
  traceRegisterNames,
  createRegisters: () => new Arm64RegisterFile(),
};
