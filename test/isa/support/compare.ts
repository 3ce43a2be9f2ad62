import { gprSlot, OperandKind, type X86Insn } from '@ubp/arch-x86-64';
import { extendedUlpDistance } from '../../../arch/x86-64/src/cpu/softfloat/oracle/compareWithHost.js';
import { undefinedOutputs } from '../undefinedFlags.js';
import { approximateResults } from '../x87Accuracy.js';
import { GPR_NAMES, type IsaCase, type IsaResult, type IsaState } from './IsaState.js';
import { CODE_ADDRESS, SCRATCH_ADDRESS, SCRATCH_SIZE } from './layout.js';
import { decodeSnippet } from './snippet.js';

/** One output on which the host and the emulator disagree, both values formatted. */
export interface Difference {
  readonly what: string;
  readonly host: string;
  readonly emulator: string;
}

/** Outputs a comparison leaves out: undefined flags and, rarely, an undefined destination. */
export interface Ignored {
  readonly flags: number;
  /** x87 status word bits (condition codes) not compared. */
  readonly x87Status: number;
  readonly gpr: ReadonlyMap<number, bigint>;
  readonly memory: ReadonlyArray<readonly [offset: number, size: number]>;
  /** ST(i) compared within one ulp, C1 not compared (x87Accuracy.ts). */
  readonly x87Approximate: readonly number[];
}

/** RFLAGS bits compared: the six status flags and DF. */
const COMPARED_FLAGS = 0xcd5;
const FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x001, 'CF'],
  [0x004, 'PF'],
  [0x010, 'AF'],
  [0x040, 'ZF'],
  [0x080, 'SF'],
  [0x400, 'DF'],
  [0x800, 'OF'],
];

function hex64(v: bigint | undefined): string {
  return v === undefined ? '-' : `0x${v.toString(16)}`;
}

function flagList(flags: number): string {
  const set = FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
  return set.length > 0 ? set.join(' ') : '(none)';
}

/** The address a memory operand of `insn` accesses when run from `state`. */
function effectiveAddress(insn: X86Insn, state: IsaState): bigint {
  if (insn.ripRelative) return BigInt(insn.displacement);
  const base = insn.memBase >= 0 ? state.gpr[insn.memBase]! : 0n;
  const index = insn.memIndex >= 0 ? state.gpr[insn.memIndex]! * BigInt(insn.memScale) : 0n;
  const sum = base + index + BigInt(insn.displacement);
  return insn.address32 ? BigInt.asUintN(32, sum) : BigInt.asUintN(64, sum);
}

/** Where the destination (operand 0) of `insn` is, as a GPR mask or a scratch range. */
function destinationOf(insn: X86Insn, state: IsaState, gpr: Map<number, bigint>, memory: Array<readonly [number, number]>): void {
  const op = insn.operands[0];
  if (op === undefined) return;
  if (op.kind === OperandKind.Register) {
    const { slot, bits, shift } = gprSlot(op.register);
    const written = bits === 32 ? (1n << 64n) - 1n : ((1n << BigInt(bits)) - 1n) << BigInt(shift);
    gpr.set(slot, (gpr.get(slot) ?? 0n) | written);
  } else if (op.kind === OperandKind.Memory) {
    memory.push([Number(effectiveAddress(insn, state)) - SCRATCH_ADDRESS, op.size]);
  }
}

const C1 = 0x0200;

/**
 * What not to compare for `c`: the union over the snippet's instructions of what the table in
 * undefinedFlags.ts leaves undefined, evaluated on the input state, and what x87Accuracy.ts
 * compares only to an accuracy after the first instruction.
 */
export function ignoredOutputs(c: IsaCase): Ignored {
  let flags = 0;
  let x87Status = 0;
  const gpr = new Map<number, bigint>();
  const memory: Array<readonly [number, number]> = [];
  const instructions = decodeSnippet(c.hostCode ?? c.code);
  for (const insn of instructions) {
    const u = undefinedOutputs(insn, c.state);
    flags |= u.flags;
    x87Status |= u.x87Status;
    if (u.destination) destinationOf(insn, c.state, gpr, memory);
  }
  const x87Approximate = instructions.length > 0 ? approximateResults(instructions[0]!, c.state) : [];
  if (x87Approximate.length > 0) x87Status |= C1;
  return { flags, x87Status, gpr, memory, x87Approximate };
}

function memoryDifference(host: Uint8Array, emulator: Uint8Array, ignored: Ignored['memory']): Difference | undefined {
  const skip = new Uint8Array(SCRATCH_SIZE);
  for (const [offset, size] of ignored) skip.fill(1, Math.max(0, offset), Math.min(SCRATCH_SIZE, offset + size));
  for (let i = 0; i < SCRATCH_SIZE; i++) {
    if (host[i] === emulator[i] || skip[i] === 1) continue;
    const from = i & ~7;
    const show = (m: Uint8Array) => Buffer.from(m.subarray(from, from + 16)).toString('hex');
    return { what: `memory at scratch+0x${i.toString(16)} (16 bytes from +0x${from.toString(16)})`, host: show(host), emulator: show(emulator) };
  }
  return undefined;
}

/** The x87 image's fields (FXSAVE layout) other than the status word: name, offset, size, and i for ST(i). */
const X87_FIELDS: ReadonlyArray<readonly [string, number, number, number?]> = [
  ['x87 control word', 0, 2],
  ['x87 abridged tag', 4, 2],
  ['x87 last opcode', 6, 2],
  ['x87 last instruction pointer', 8, 8],
  ['x87 last data pointer', 16, 8],
  ...Array.from({ length: 8 }, (_, i) => [`st(${i})`, 32 + 16 * i, 16, i] as const),
];

function littleEndianHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).reverse().toString('hex');
}

/** Whether ST(i)'s slots (80 bits and the reserved bytes above) differ by at most one ulp. */
function withinOneUlp(h: string, e: string): boolean {
  return h.slice(0, 12) === e.slice(0, 12) && extendedUlpDistance(BigInt(`0x${h.slice(12)}`), BigInt(`0x${e.slice(12)}`)) <= 1;
}

/**
 * The x87 state: each field of the image, the status word without the ignored condition codes,
 * the registers holding approximated results within one ulp.
 */
function x87Differences(host: Uint8Array, emulator: Uint8Array, ignoredStatus: number, approximate: readonly number[]): Difference[] {
  const out: Difference[] = [];
  const statusMask = 0xffff & ~ignoredStatus;
  const status = (image: Uint8Array) => ((image[2]! | (image[3]! << 8)) & statusMask).toString(16);
  if (status(host) !== status(emulator)) out.push({ what: 'x87 status word', host: `0x${status(host)}`, emulator: `0x${status(emulator)}` });
  for (const [what, offset, size, register] of X87_FIELDS) {
    const h = littleEndianHex(host.subarray(offset, offset + size));
    const e = littleEndianHex(emulator.subarray(offset, offset + size));
    const approximated = register !== undefined && approximate.includes(register);
    if (h !== e && !(approximated && withinOneUlp(h, e))) out.push({ what, host: h, emulator: e });
  }
  return out;
}

function xmmHex(state: IsaState, n: number): string {
  return Buffer.from(state.xmm.subarray(16 * n, 16 * n + 16)).reverse().toString('hex');
}

/**
 * Every compared output that differs: where the run stopped and why, GPRs, RFLAGS (status
 * flags and DF, minus the ignored ones when the snippet completed), MXCSR, XMM0-15, the x87
 * state (its FXSAVE image, minus the condition codes left undefined), memory.
 */
export function compareResults(host: IsaResult, emulator: IsaResult, ignored: Ignored): Difference[] {
  const out: Difference[] = [];
  const add = <T>(what: string, h: T, e: T, format: (v: T) => string) => {
    if (h !== e) out.push({ what, host: format(h), emulator: format(e) });
  };
  add('stopped at', host.rip, emulator.rip, hex64);
  if (host.signal !== emulator.signal) {
    const detail = emulator.detail === undefined ? '' : ` (${emulator.detail.split('\n').slice(0, 4).join(' | ')})`;
    out.push({ what: 'signal', host: String(host.signal ?? 'none'), emulator: `${emulator.signal ?? 'none'}${detail}` });
  }
  add('si_code', host.siCode, emulator.siCode, (v) => String(v ?? '-'));
  add('si_addr', host.siAddr, emulator.siAddr, hex64);
  // A fault at the snippet's first instruction must leave everything as it was: nothing is undefined then.
  const faultedAtStart = host.signal !== undefined && host.rip === BigInt(CODE_ADDRESS);
  for (let i = 0; i < 16; i++) {
    const keep = ~(faultedAtStart ? 0n : (ignored.gpr.get(i) ?? 0n));
    add(GPR_NAMES[i]!, BigInt.asUintN(64, host.gpr[i]! & keep), BigInt.asUintN(64, emulator.gpr[i]! & keep), hex64);
  }
  const flagMask = COMPARED_FLAGS & ~(faultedAtStart ? 0 : ignored.flags);
  add('rflags', Number(host.rflags) & flagMask, Number(emulator.rflags) & flagMask, flagList);
  add('mxcsr', host.mxcsr, emulator.mxcsr, (v) => `0x${v.toString(16)}`);
  for (let n = 0; n < 16; n++) {
    const h = host.xmm.subarray(16 * n, 16 * n + 16);
    const e = emulator.xmm.subarray(16 * n, 16 * n + 16);
    if (Buffer.compare(h, e) !== 0) out.push({ what: `xmm${n}`, host: xmmHex(host, n), emulator: xmmHex(emulator, n) });
  }
  out.push(...x87Differences(host.x87, emulator.x87, faultedAtStart ? 0 : ignored.x87Status, faultedAtStart ? [] : ignored.x87Approximate));
  if (Buffer.compare(host.memory, emulator.memory) !== 0) {
    const memory = memoryDifference(host.memory, emulator.memory, faultedAtStart ? [] : ignored.memory);
    if (memory !== undefined) out.push(memory);
  }
  return out;
}
