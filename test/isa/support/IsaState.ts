import { SCRATCH_SIZE, STACK_ADDRESS } from './layout.js';

/** GPR numbers in encoding order, as indexes of `IsaState.gpr`. */
export const GPR_NAMES = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const;
export type GprName = (typeof GPR_NAMES)[number];
export const RSP = 4;

/** The architectural state a case starts from and a run ends with. */
export interface IsaState {
  /** rax..r15 in encoding order. */
  readonly gpr: BigUint64Array;
  rflags: bigint;
  /** XMM0-15, 16 bytes each, little-endian. */
  readonly xmm: Uint8Array;
  mxcsr: number;
  /**
   * The x87 state as the first X87_IMAGE_SIZE bytes of an FXSAVE image (64-bit layout): FCW, FSW,
   * the abridged tag, FOP, FIP, FDP, then ST(0)-ST(7) in 16-byte slots; bytes 24-31 (MXCSR and
   * its mask) stay zero, MXCSR being `mxcsr`.
   */
  readonly x87: Uint8Array;
  /** The scratch pages at SCRATCH_ADDRESS. */
  readonly memory: Uint8Array;
}

/** `signal` for a run that did not stop by itself (a loop, or the emulator's instruction budget). */
export const TIMEOUT = -1;
/** `signal` when the emulator stopped at a system call (the host runner would have made it). */
export const SYSCALL = -2;
/** `signal` when the emulator threw something that is not a guest fault: a bug in generated code. */
export const EMULATOR_ERROR = -3;

/** The state after a run, and how it stopped. */
export interface IsaResult extends IsaState {
  /** Where it stopped: the int3 after the snippet (or where a branch landed), or the faulting instruction. */
  rip: bigint;
  /** The signal a fault raised, TIMEOUT, or undefined when the run reached a stop marker. */
  signal: number | undefined;
  siCode: number | undefined;
  siAddr: bigint | undefined;
  /** What the emulator said about a fault or an error (the host says nothing). */
  detail?: string | undefined;
}

/** How the second scratch page is mapped for a case, to provoke faults. */
export type SecondPage = 'rw' | 'ro' | 'none';

export const SECOND_PAGE_MODES: readonly SecondPage[] = ['rw', 'ro', 'none'];

export interface IsaCase {
  /** The snippet, at CODE_ADDRESS. */
  readonly code: Uint8Array;
  /**
   * What the host runs instead, of the same length, where the CPU model differs from the host on
   * purpose (the model has no BMI1, so TZCNT runs as the BSF the host gets without the F3 prefix).
   * Undefined outputs are those of this snippet.
   */
  readonly hostCode?: Uint8Array;
  readonly state: IsaState;
  readonly secondPage?: SecondPage;
}

/** RFLAGS bit 1 and IF, which are always set in user mode. */
export const FIXED_FLAGS = 0x202n;
/** The RFLAGS bits a case may set: the six status flags and DF (TF and AC would trap the host runner itself). */
export const LOADABLE_FLAGS = 0xcd5n;

/** Bytes of the FXSAVE image that hold the x87 state (up to the XMM registers). */
export const X87_IMAGE_SIZE = 160;
/** FCW after FNINIT: every exception masked, 64-bit precision, round to nearest. */
export const DEFAULT_FCW = 0x037f;

/** The x87 state after FNINIT: FCW 0x37f, everything else zero (all registers empty). */
export function initialX87(): Uint8Array {
  const image = new Uint8Array(X87_IMAGE_SIZE);
  image[0] = DEFAULT_FCW & 0xff;
  image[1] = DEFAULT_FCW >> 8;
  return image;
}

/** All registers zero except RSP (STACK_ADDRESS), flags 0x202, MXCSR 0x1f80, x87 as after FNINIT, zeroed memory. */
export function blankState(): IsaState {
  const gpr = new BigUint64Array(16);
  gpr[RSP] = BigInt(STACK_ADDRESS);
  return { gpr, rflags: FIXED_FLAGS, xmm: new Uint8Array(256), mxcsr: 0x1f80, x87: initialX87(), memory: new Uint8Array(SCRATCH_SIZE) };
}

export function cloneState(state: IsaState): IsaState {
  return { gpr: state.gpr.slice(), rflags: state.rflags, xmm: state.xmm.slice(), mxcsr: state.mxcsr, x87: state.x87.slice(), memory: state.memory.slice() };
}

/** XMM register `n` as a 128-bit unsigned value. */
export function xmmValue(state: IsaState, n: number): bigint {
  let v = 0n;
  for (let i = 15; i >= 0; i--) v = (v << 8n) | BigInt(state.xmm[16 * n + i]!);
  return v;
}

export function setXmm(state: IsaState, n: number, value: bigint): void {
  let v = BigInt.asUintN(128, value);
  for (let i = 0; i < 16; i++) {
    state.xmm[16 * n + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}
