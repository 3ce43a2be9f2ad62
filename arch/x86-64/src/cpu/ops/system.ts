import { SiCode, Signal } from '@ubp/core';
import { Code, Mnemonic } from '../../decode/iced.js';
import { effectiveAddress } from '../codegen/memory.js';
import { writeSlot64 } from '../codegen/registers.js';
import { ExitReason } from '../ExitReason.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';

const nothing: Emitter = () => {};

const RCX = 1;
const R11 = 11;

/**
 * SYSCALL leaves the return address in RCX and RFLAGS in R11 (Intel SDM vol. 2, SYSCALL), which
 * Linux hands back to the task unchanged; the kernel does the rest once the CPU stops here.
 */
const syscall: Emitter = (b) => {
  const next = b.insn.next;
  writeSlot64(b, RCX, { lo: String(next | 0), hi: String(Math.floor(next / 4294967296)) });
  writeSlot64(b, R11, { lo: b.temp('H.readFlags(s)'), hi: '0' });
  b.exitWith(ExitReason.Syscall, String(next));
};

/** int3 traps after the instruction, so RIP is past it, as on the hardware. */
const int3: Emitter = (b) => b.exitWith(ExitReason.Breakpoint, String(b.insn.next));

const ud: Emitter = (b) => {
  b.line(`throw H.trap(${Signal.SIGILL}, ${SiCode.ILL_ILLOPN}, ${b.insn.address}, 'ud2');`);
  b.ended = true;
};

/** Privileged in user mode: a general protection fault, which Linux reports as SIGSEGV with SI_KERNEL. */
const privileged: Emitter = (b) => {
  b.line(`throw H.trap(${Signal.SIGSEGV}, ${SiCode.SI_KERNEL}, 0, 'privileged instruction');`);
  b.ended = true;
};

const cpuid: Emitter = (b) => b.line('H.cpuid(s);');

/**
 * CLFLUSH: no cache to flush, but the line's address is checked as a one-byte read, as on this
 * host: unmapped or PROT_NONE faults (SIGSEGV), a non-canonical address is a #GP, read-only and
 * execute-only pages are fine. Pending x87 exceptions do not matter to it.
 */
const clflush: Emitter = (b) => b.line(`M.checkReadable(${effectiveAddress(b)}, 1);`);

const rdtsc: Emitter = (b) => b.line('H.rdtsc(s, E.nowNs());');

/**
 * RDSSPD/RDSSPQ sit in the hint-NOP space: without shadow stacks enabled for the task (the CPU
 * model has no CET) they leave the register alone. libgcc's unwinder zeroes RAX and reads the
 * shadow stack pointer this way to learn that there is none, so every C++ throw runs one.
 */
const readShadowStackPointer = nothing;

/** nop endbr64 rdssp pause fences prefetch clflush syscall int3 ud2 hlt cpuid rdtsc */
export const systemOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Nop]: nothing,
    [Mnemonic.Endbr64]: nothing,
    [Mnemonic.Rdsspd]: readShadowStackPointer,
    [Mnemonic.Rdsspq]: readShadowStackPointer,
    [Mnemonic.Pause]: nothing,
    [Mnemonic.Lfence]: nothing,
    [Mnemonic.Mfence]: nothing,
    [Mnemonic.Sfence]: nothing,
    [Mnemonic.Prefetchnta]: nothing,
    [Mnemonic.Prefetcht0]: nothing,
    [Mnemonic.Prefetcht1]: nothing,
    [Mnemonic.Prefetcht2]: nothing,
    [Mnemonic.Prefetchw]: nothing,
    [Mnemonic.Clflush]: clflush,
    [Mnemonic.Syscall]: syscall,
    [Mnemonic.Int3]: int3,
    [Mnemonic.Ud2]: ud,
    [Mnemonic.Ud0]: ud,
    [Mnemonic.Ud1]: ud,
    [Mnemonic.Hlt]: privileged,
    [Mnemonic.Cli]: privileged,
    [Mnemonic.Sti]: privileged,
    [Mnemonic.Cpuid]: cpuid,
    [Mnemonic.Rdtsc]: rdtsc,
  },
  // Control and debug register moves are MOV by mnemonic, but privileged.
  codes: {
    [Code.Mov_r64_cr]: privileged,
    [Code.Mov_cr_r64]: privileged,
    [Code.Mov_r64_dr]: privileged,
    [Code.Mov_dr_r64]: privileged,
  },
};
