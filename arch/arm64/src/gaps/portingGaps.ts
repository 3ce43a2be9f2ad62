import { type PortingGap } from '@ubp/core';

/** What the arm64 skeleton does not provide, one record per facet it leaves out or provides in part. */
export const portingGaps: readonly PortingGap[] = [
  {
    facet: 'Cpu',
    provided: 'none',
    missing: 'a CPU that runs AArch64 programs, so no arm64 program can run and no strategy can be measured on arm64',
    whatItWouldTake:
      'an A64 interpreter or block translator for what static musl and glibc programs execute: decode tables for the integer ' +
      'groups (add/sub with shifted and extended registers, logical immediates and their bitmask decoding, bitfield moves, ' +
      'conditional select and compare, multiply/divide, CLZ/REV/RBIT), PSTATE.NZCV flags, loads and stores in every addressing ' +
      'mode including pairs, exclusives with a local monitor and the LSE atomics, scalar FP and the Advanced SIMD instructions ' +
      "glibc's string functions use (CMEQ, UMAXP, ADDP, TBL, SHRN, FCVT*, FMADD...), FPCR rounding and FPSR flags, the system " +
      'instructions user code meets (MRS TPIDR_EL0/FPCR/CNTVCT_EL0, DC ZVA, barriers), the exceptions (SVC, BRK, UDF, alignment ' +
      'and translation faults with their ESR-derived si_code), and the software-step exception behind Arm64RegisterFile.singleStep',
    estimate: 'about the size of the x86-64 CPU (some 8,000 lines in 100 files): no x87, but a wider SIMD set',
  },
  {
    facet: 'SyscallAbi',
    provided: 'none',
    missing: 'the kernel-user interface: syscall numbers, argument registers, initial registers, signal frames',
    whatItWouldTake:
      'the asm-generic syscall table (openat, fstatat and clone only: no open, stat or fork), X8 as the number, X0-X5 as ' +
      'arguments and X0 as the result, struct stat in the asm-generic layout, initial registers at the ELF entry, and ' +
      'rt_sigframe: siginfo, a ucontext whose sigcontext holds X0-X30, SP, PC, PSTATE and 4096 bytes of records (fpsimd_context, ' +
      'esr_context, end marker), the frame record, and return through SA_RESTORER or the vDSO sigreturn trampoline',
    estimate: 'about 600 lines, as for x86-64 (623 lines in 5 files)',
  },
  {
    facet: 'Emulator',
    provided: 'partial',
    missing:
      'a general A64 emulator: the bound one executes only what Linux simulates (NOP, branches, ADR/ADRP), so the emulate ' +
      'strategy refuses every other instruction',
    whatItWouldTake:
      'with a CPU facet, running the one instruction through it on the trapped registers and memory; without one, the decode ' +
      'and execute half of the CPU work above, one instruction at a time',
    estimate: 'small once the CPU exists; otherwise most of the CPU estimate',
  },
  {
    facet: 'HardwareBreakpoints',
    provided: 'none',
    missing: 'per-task execution breakpoints (DBGBVR<n>_EL1/DBGBCR<n>_EL1, set through ptrace NT_ARM_HW_BREAK)',
    whatItWouldTake:
      'two or more address/control register pairs in the register file, matching in the CPU before an instruction runs, and ' +
      'a different way of resuming: arm64 has no RFLAGS.RF, so Linux steps over a hit by disabling the breakpoint, ' +
      "single-stepping one instruction and re-enabling it, which the facet's resume() cannot express without a step trap",
    estimate: 'about 150 lines here once the CPU exists, plus a change to the HardwareBreakpoints contract',
  },
  {
    facet: 'intermediatePrivilege',
    provided: 'none',
    missing: 'a privilege level between user and kernel for the xol-kernel strategy: EL0 runs user code, EL1 the kernel',
    whatItWouldTake:
      'not possible as on x86. The nearest design runs the slot at EL1 with its loads and stores rewritten to LDTR/STTR, whose ' +
      'permission checks are those of EL0; they exist only for single-register accesses with a 9-bit unscaled offset (no pairs, ' +
      'no SIMD&FP registers, no register offsets, no atomics), and everything else in the slot would run with kernel privilege. ' +
      'XolFixer.memoryAccesses would also need the A64 addressing modes',
    estimate: 'architecturally out of reach; a partial LDTR/STTR rewrite needs the load/store half of the CPU decoder',
  },
];
