import { type AltStack, encodeSigInfo, FAULT_SIGNALS, type GuestMemory, type RegisterFile, type SigInfo, type SignalFrameAbi, type SignalFrameRequest, Signal } from '@ubp/core';
import { FlagBits } from '../cpu/state/FlagBits.js';
import { fxsaveImage, restoreFxsaveImage, MXCSR_MASK } from '../cpu/state/fxsaveImage.js';
import { type X86RegisterFile } from '../cpu/state/X86RegisterFile.js';
import { X87State } from '../cpu/state/X87State.js';

const RED_ZONE = 128;
const FXSAVE_BYTES = 512;
/** struct rt_sigframe: pretcode (8), struct ucontext (304), struct siginfo (128). */
const FRAME_BYTES = 8 + 304 + 128;
const UC_OFFSET = 8;
const MCONTEXT_OFFSET = UC_OFFSET + 40;
const SIGMASK_OFFSET = UC_OFFSET + 296;
const SIGINFO_OFFSET = UC_OFFSET + 304;
/** UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS, which x86-64 Linux sets on every frame. */
const UC_FLAGS = 0x2 | 0x4;
/** Register order of struct sigcontext's first 16 slots, as GPR numbers (r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp). */
const SIGCONTEXT_GPRS = [8, 9, 10, 11, 12, 13, 14, 15, 7, 6, 5, 3, 2, 0, 1, 4];
const RF = 1 << 16;
/** The flags sigreturn may restore (FIX_EFLAGS). */
const RESTORABLE_FLAGS = FlagBits.AC | FlagBits.OF | FlagBits.DF | FlagBits.TF | FlagBits.SF | FlagBits.ZF | FlagBits.AF | FlagBits.PF | FlagBits.CF | RF;
const USER_CS = 0x33;
const USER_SS = 0x2b;
const DEFAULT_MXCSR = 0x1f80;

function trapNumber(info: SigInfo): number {
  switch (info.signo) {
    case Signal.SIGSEGV:
      return info.code === 0x80 ? 13 : 14;
    case Signal.SIGFPE:
      return 0;
    case Signal.SIGILL:
      return 6;
    case Signal.SIGTRAP:
      return 3;
    default:
      return 0;
  }
}

/**
 * The x86-64 rt_sigframe exactly as Linux builds it (arch/x86/kernel/signal_64.c): below the
 * red zone (or on the alternate stack), the FXSAVE image aligned to 64 bytes, then the frame
 * itself, placed so the handler starts with RSP+8 16-byte aligned as after a call.
 */
export class X86SignalFrame implements SignalFrameAbi {
  push(regs: RegisterFile, memory: GuestMemory, request: SignalFrameRequest): void {
    const s = regs as X86RegisterFile;
    let sp = request.altStackTop ?? s.sp - RED_ZONE;
    const fpstate = Math.floor((sp - FXSAVE_BYTES) / 64) * 64;
    sp = Math.floor((fpstate - FRAME_BYTES) / 16) * 16 - 8;
    const frame = new Uint8Array(FRAME_BYTES);
    const view = new DataView(frame.buffer);
    view.setBigUint64(0, BigInt(request.action.restorer), true);
    view.setBigUint64(UC_OFFSET, BigInt(UC_FLAGS), true);
    this.writeAltStack(view, UC_OFFSET + 16, request.altStack);
    // Through the int32 halves: a register's value need not fit a JavaScript number exactly.
    SIGCONTEXT_GPRS.forEach((gpr, i) => {
      view.setInt32(MCONTEXT_OFFSET + 8 * i, s.r[2 * gpr]!, true);
      view.setInt32(MCONTEXT_OFFSET + 8 * i + 4, s.r[2 * gpr + 1]!, true);
    });
    view.setBigInt64(MCONTEXT_OFFSET + 128, BigInt(s.rip), true);
    view.setBigUint64(MCONTEXT_OFFSET + 136, BigInt(s.rflags >>> 0), true);
    view.setUint16(MCONTEXT_OFFSET + 144, USER_CS, true);
    view.setUint16(MCONTEXT_OFFSET + 150, USER_SS, true);
    view.setBigUint64(MCONTEXT_OFFSET + 160, BigInt(trapNumber(request.info)), true);
    view.setBigUint64(MCONTEXT_OFFSET + 168, request.savedMask & 0xffffffffn, true);
    view.setBigUint64(MCONTEXT_OFFSET + 176, BigInt(FAULT_SIGNALS.has(request.info.signo) ? (request.info.address ?? 0) : 0), true);
    view.setBigUint64(MCONTEXT_OFFSET + 184, BigInt(fpstate), true);
    view.setBigUint64(SIGMASK_OFFSET, request.savedMask, true);
    frame.set(encodeSigInfo(request.info), SIGINFO_OFFSET);
    memory.checkWritable(sp, fpstate + FXSAVE_BYTES - sp);
    memory.write(fpstate, fxsaveImage(s));
    memory.write(sp, frame);
    s.sp = sp;
    s.rip = request.action.handler;
    s.set64(7, request.signal);
    s.set64(6, sp + SIGINFO_OFFSET);
    s.set64(2, sp + UC_OFFSET);
    s.set64(0, 0);
    s.control &= ~(FlagBits.DF | FlagBits.TF);
    // The handler starts with a clean FPU (fpu__clear_user_states): the frame holds the old one.
    s.x87 = new X87State();
    s.mxcsr = DEFAULT_MXCSR;
  }

  pop(regs: RegisterFile, memory: GuestMemory): { mask: bigint; altStack: AltStack } {
    const s = regs as X86RegisterFile;
    // The handler's ret popped pretcode, so the frame starts 8 bytes below RSP.
    const frameAddress = s.sp - 8;
    const frame = memory.read(frameAddress, FRAME_BYTES);
    const view = new DataView(frame.buffer);
    SIGCONTEXT_GPRS.forEach((gpr, i) => {
      s.r[2 * gpr] = view.getInt32(MCONTEXT_OFFSET + 8 * i, true);
      s.r[2 * gpr + 1] = view.getInt32(MCONTEXT_OFFSET + 8 * i + 4, true);
    });
    s.rip = Number(view.getBigInt64(MCONTEXT_OFFSET + 128, true));
    const flags = Number(view.getBigUint64(MCONTEXT_OFFSET + 136, true) & 0xffffffffn);
    s.rflags = (s.rflags & ~RESTORABLE_FLAGS) | (flags & RESTORABLE_FLAGS);
    const fpstate = Number(view.getBigUint64(MCONTEXT_OFFSET + 184, true));
    if (fpstate !== 0) {
      const image = memory.read(fpstate, FXSAVE_BYTES);
      const mxcsr = new DataView(image.buffer).getUint32(24, true);
      if ((mxcsr & ~MXCSR_MASK) === 0) restoreFxsaveImage(s, image);
    }
    return {
      mask: view.getBigUint64(SIGMASK_OFFSET, true),
      altStack: this.readAltStack(view, UC_OFFSET + 16),
    };
  }

  private writeAltStack(view: DataView, offset: number, stack: AltStack): void {
    view.setBigUint64(offset, BigInt(stack.sp), true);
    view.setInt32(offset + 8, stack.flags, true);
    view.setBigUint64(offset + 16, BigInt(stack.size), true);
  }

  private readAltStack(view: DataView, offset: number): AltStack {
    return { sp: Number(view.getBigUint64(offset, true)), flags: view.getInt32(offset + 8, true), size: Number(view.getBigUint64(offset + 16, true)) };
  }
}
