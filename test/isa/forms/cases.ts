import { Mnemonic, OpCodeOperandKind as K, Register } from '@ubp/arch-x86-64';
import { blankState, type IsaCase, type IsaState, RSP } from '../support/IsaState.js';
import { setMmx } from '../support/x87Image.js';
import { CODE_ADDRESS, PAGE, SCRATCH_ADDRESS, SCRATCH_SIZE } from '../support/layout.js';
import { Random, seedOf } from '../support/random.js';
import { type Form, isMmx, isX87 } from './catalog.js';
import { gprNumber, type MemoryPlan, type Plan, planInstruction } from './plan.js';
import { countValues, fillLanes, flagsValue, gprValue, mxcsrValue, operandValue } from './values.js';
import { x87MemoryContents } from './x87Memory.js';
import { mmxState, x87State } from './x87State.js';

const RAX = 0;
const RCX = 1;
const RDX = 2;
const RBX = 3;
const RBP = 5;
const RSI = 6;
const RDI = 7;
const MASK64 = (1n << 64n) - 1n;

/** A case being built: the plan, the state, and the generator, for the per-mnemonic adjustments. */
interface Draft {
  readonly plan: Plan;
  readonly state: IsaState;
  readonly rng: Random;
  secondPage: IsaCase['secondPage'];
}

function ones(bits: number): bigint {
  return (1n << BigInt(bits)) - 1n;
}

/** Sets `bits` of GPR `n` at bit `shift`, keeping the others. */
function setGprBits(state: IsaState, n: number, bits: number, value: bigint, shift = 0): void {
  const mask = ones(bits) << BigInt(shift);
  state.gpr[n] = (state.gpr[n]! & ~mask & MASK64) | ((value << BigInt(shift)) & mask);
}

function getGprBits(state: IsaState, n: number, bits: number, shift = 0): bigint {
  return (state.gpr[n]! >> BigInt(shift)) & ones(bits);
}

function writeMemory(state: IsaState, offset: number, size: number, value: bigint): void {
  for (let i = 0; i < size && offset + i < SCRATCH_SIZE; i++) if (offset + i >= 0) state.memory[offset + i] = Number((value >> BigInt(8 * i)) & 0xffn);
}

function readMemory(state: IsaState, offset: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(state.memory[offset + i] ?? 0);
  return v;
}

/** Where operand `i` lives, to read or write its value. */
function operandAccess(d: Draft, i: number): { get(): bigint; set(v: bigint): void; bits: number } | undefined {
  const slot = d.plan.slots[i];
  if (slot?.kind === 'gpr') {
    const high = slot.register >= Register.AH && slot.register <= Register.BH;
    const n = gprNumber(slot.register);
    const shift = high ? 8 : 0;
    return { bits: slot.bits, get: () => getGprBits(d.state, n, slot.bits, shift), set: (v) => setGprBits(d.state, n, slot.bits, v, shift) };
  }
  if (slot?.kind === 'memory' && d.plan.memory !== undefined && [1, 2, 4, 8, 16].includes(slot.size)) {
    const offset = d.plan.memory.offset;
    return { bits: 8 * slot.size, get: () => readMemory(d.state, offset, slot.size), set: (v) => writeMemory(d.state, offset, slot.size, v) };
  }
  return undefined;
}

function setAddressRegisters(d: Draft, m: MemoryPlan): void {
  if (m.base === Register.RIP) return;
  const target = BigInt(SCRATCH_ADDRESS + m.offset);
  const baseValue = target - m.displacement - m.indexValue * BigInt(m.scale);
  // With 32-bit addressing the upper halves are garbage the address must ignore.
  const garbage = (v: bigint) => (m.address32 ? (d.rng.u64() & ~ones(32)) | BigInt.asUintN(32, v) : BigInt.asUintN(64, v));
  if (m.index !== Register.None) d.state.gpr[gprNumber(m.index)] = garbage(m.indexValue);
  if (m.base !== Register.None) d.state.gpr[gprNumber(m.base)] = garbage(baseValue);
}

/** A pointer into the scratch area for RSI/RDI/RBX-style implicit addressing, garbage above bit 31 under 0x67. */
function implicitPointer(d: Draft, offset: number): bigint {
  const address = BigInt(SCRATCH_ADDRESS + offset);
  return d.plan.stringAddress32 ? (d.rng.u64() & ~ones(32)) | address : address;
}

function setUpString(d: Draft): void {
  const { rng, state, plan } = d;
  const source = 0x100 + rng.below(SCRATCH_SIZE - 0x200);
  let destination = 0x100 + rng.below(SCRATCH_SIZE - 0x200);
  if (plan.probe) {
    destination = PAGE - rng.below(24);
    d.secondPage = rng.pick(['ro', 'none'] as const);
  }
  state.gpr[RSI] = implicitPointer(d, source);
  state.gpr[RDI] = implicitPointer(d, destination);
  const count = rng.chance(0.1) ? 0x1_0000_0000n + BigInt(rng.below(4)) : BigInt(plan.probe ? 16 : rng.below(18));
  state.gpr[RCX] = plan.stringAddress32 ? (rng.u64() & ~ones(32)) | (count & ones(32)) : count;
  if (rng.chance(0.5)) state.memory.copyWithin(destination, source, source + 0x80);
  if (rng.chance(0.3)) state.gpr[RAX] = readMemory(state, destination, 8);
}

function setUpXlat(d: Draft): void {
  d.state.gpr[RBX] = implicitPointer(d, d.rng.below(SCRATCH_SIZE - 0x100));
}

const DIVIDES = new Set<number>([Mnemonic.Div, Mnemonic.Idiv]);
const COUNTED = new Set<number>([Mnemonic.Shl, Mnemonic.Sal, Mnemonic.Shr, Mnemonic.Sar, Mnemonic.Rol, Mnemonic.Ror, Mnemonic.Rcl, Mnemonic.Rcr, Mnemonic.Shld, Mnemonic.Shrd]);
const BIT_TESTS = new Set<number>([Mnemonic.Bt, Mnemonic.Bts, Mnemonic.Btr, Mnemonic.Btc]);
const LOOPS = new Set<number>([Mnemonic.Loop, Mnemonic.Loope, Mnemonic.Loopne, Mnemonic.Jrcxz, Mnemonic.Jecxz]);

/** A dividend that fits the quotient most of the time: the high half zero (DIV) or the sign of the low half (IDIV). */
function adjustDivide(d: Draft): void {
  const divisor = operandAccess(d, 0);
  if (divisor === undefined || !d.rng.chance(0.6)) return;
  const bits = divisor.bits;
  const low = bits === 8 ? getGprBits(d.state, RAX, 8) : getGprBits(d.state, RAX, bits);
  const negative = d.plan.form.mnemonic === Mnemonic.Idiv && (low >> BigInt(bits - 1)) === 1n;
  const high = negative ? ones(bits) : 0n;
  if (bits === 8) setGprBits(d.state, RAX, 8, high, 8);
  else setGprBits(d.state, RDX, bits, high);
}

function adjustCount(d: Draft): void {
  const bits = operandAccess(d, 0)?.bits ?? 32;
  if (d.rng.chance(0.8)) setGprBits(d.state, RCX, 8, BigInt(d.rng.pick(countValues(bits)) & 0xff));
}

/** CMPXCHG succeeds half the time: the accumulator equals the destination. */
function adjustCompareExchange(d: Draft): void {
  const destination = operandAccess(d, 0);
  if (destination !== undefined && d.rng.chance(0.5)) setGprBits(d.state, RAX, destination.bits, destination.get());
}

function adjustCompareExchangeWide(d: Draft): void {
  const m = d.plan.memory;
  if (m === undefined || !d.rng.chance(0.5)) return;
  const half = (8 * m.size) / 2;
  const value = readMemory(d.state, m.offset, m.size);
  setGprBits(d.state, RAX, half, value & ones(half));
  setGprBits(d.state, RDX, half, value >> BigInt(half));
}

/** A register bit offset into memory reaches far: keep it within a few dozen bytes of the operand. */
function adjustBitOffset(d: Draft): void {
  const offset = operandAccess(d, 1);
  if (d.plan.memory === undefined || d.plan.slots[1]?.kind !== 'gpr' || offset === undefined) return;
  offset.set(BigInt.asUintN(offset.bits, BigInt(d.rng.below(512) - 256)));
}

function codeTarget(rng: Random): bigint {
  const roll = rng.below(10);
  if (roll === 0) return 0x8000_0000_0000_0000n | BigInt(CODE_ADDRESS); // not canonical
  if (roll === 1) return 0x1000n; // unmapped
  return BigInt(CODE_ADDRESS + 0x100 + rng.below(0xe00));
}

function adjustIndirectTransfer(d: Draft): void {
  const target = operandAccess(d, 0);
  if (target !== undefined) target.set(codeTarget(d.rng) & ones(target.bits));
}

function adjustReturn(d: Draft): void {
  writeMemory(d.state, Number(d.state.gpr[RSP]!) - SCRATCH_ADDRESS, 8, codeTarget(d.rng));
}

function adjustLoopCounter(d: Draft): void {
  d.state.gpr[RCX] = d.rng.pick([0n, 1n, 2n, 0x1_0000_0000n, 0x1_0000_0001n, 0xffff_ffffn, d.rng.u64()]);
}

/** LEAVE reads through RBP: a frame in the scratch area, next to the second page in probes. */
function adjustLeave(d: Draft): void {
  const frame = d.plan.probe ? PAGE - 4 + d.rng.below(8) : (0x400 + d.rng.below(0x800)) & ~(d.rng.chance(0.8) ? 7 : 0);
  d.state.gpr[RBP] = BigInt(SCRATCH_ADDRESS + frame);
}

/** POPF of a value with TF or AC would trap the host runner itself. */
function adjustPopFlags(d: Draft): void {
  const at = Number(d.state.gpr[RSP]!) - SCRATCH_ADDRESS;
  if (at >= 0 && at + 8 <= SCRATCH_SIZE) writeMemory(d.state, at, 8, d.rng.u64() & ~0x40100n);
}

const ADJUST = new Map<number, (d: Draft) => void>([
  ...[...DIVIDES].map((m) => [m, adjustDivide] as const),
  ...[...COUNTED].map((m) => [m, adjustCount] as const),
  ...[...BIT_TESTS].map((m) => [m, adjustBitOffset] as const),
  ...[...LOOPS].map((m) => [m, adjustLoopCounter] as const),
  [Mnemonic.Cmpxchg, adjustCompareExchange],
  [Mnemonic.Cmpxchg8b, adjustCompareExchangeWide],
  [Mnemonic.Cmpxchg16b, adjustCompareExchangeWide],
  [Mnemonic.Call, adjustIndirectTransfer],
  [Mnemonic.Jmp, adjustIndirectTransfer],
  [Mnemonic.Ret, adjustReturn],
  [Mnemonic.Leave, adjustLeave],
  [Mnemonic.Popf, adjustPopFlags],
  [Mnemonic.Popfq, adjustPopFlags],
]);

/** An x87 form: a generated x87 state, and its memory operand holding what the form reads. */
function setUpX87(d: Draft, caseIndex: number): void {
  d.state.x87.set(x87State(d.rng, caseIndex, d.plan.form.mnemonic));
  const m = d.plan.memory;
  const contents = x87MemoryContents(d.rng, d.plan.form, caseIndex);
  if (m !== undefined && contents !== undefined) d.state.memory.set(contents.subarray(0, SCRATCH_SIZE - m.offset), m.offset);
}

const MMX_SHIFTS = new Set<number>([Mnemonic.Psllw, Mnemonic.Pslld, Mnemonic.Psllq, Mnemonic.Psrlw, Mnemonic.Psrld, Mnemonic.Psrlq, Mnemonic.Psraw, Mnemonic.Psrad]);

/**
 * An MMX form: a generated state of the x87 registers, which hold the MMX registers; a shift's
 * count register or memory operand mostly holds a count near the element widths.
 */
function setUpMmx(d: Draft, caseIndex: number): void {
  d.state.x87.set(mmxState(d.rng, caseIndex));
  const count = d.plan.slots[1];
  if (!MMX_SHIFTS.has(d.plan.form.mnemonic) || count === undefined || !d.rng.chance(0.7)) return;
  const value = BigInt(d.rng.pick(countValues(64)));
  if (count.kind === 'other-register') setMmx(d.state.x87, count.register - Register.MM0, value);
  else if (count.kind === 'memory') operandAccess(d, 1)?.set(value);
}

function randomState(rng: Random, memory: Uint8Array): IsaState {
  const state = blankState();
  for (let i = 0; i < 16; i++) if (i !== RSP) state.gpr[i] = gprValue(rng);
  state.rflags = flagsValue(rng);
  fillLanes(rng, state.xmm);
  state.mxcsr = mxcsrValue(rng);
  state.memory.set(memory);
  return state;
}

function buildCase(plan: Plan, rng: Random, caseIndex: number, memory: Uint8Array): IsaCase {
  const state = randomState(rng, memory);
  const d: Draft = { plan, state, rng, secondPage: plan.secondPage };
  const m = plan.memory;
  if (m !== undefined) {
    const from = Math.max(0, (m.offset & ~15) - 16);
    fillLanes(rng, state.memory, from, Math.min(SCRATCH_SIZE, from + m.size + 48) - from);
  }
  plan.slots.forEach((slot, i) => {
    const access = slot.kind === 'gpr' || (slot.kind === 'memory' && slot.size <= 8) ? operandAccess(d, i) : undefined;
    access?.set(operandValue(rng, access.bits, caseIndex, i));
  });
  if (m !== undefined && (m.accessed || rng.chance(0.5))) setAddressRegisters(d, m);
  const kinds = plan.form.operands;
  if (kinds.includes(K.seg_rSI) || kinds.includes(K.es_rDI) || kinds.includes(K.seg_rDI)) setUpString(d);
  if (kinds.includes(K.seg_rBX_al)) setUpXlat(d);
  if (plan.probe && plan.form.stack && m === undefined) state.gpr[RSP] = BigInt(SCRATCH_ADDRESS + PAGE + 8 * (rng.below(5) - 2));
  if (isX87(plan.form)) setUpX87(d, caseIndex);
  else if (isMmx(plan.form)) setUpMmx(d, caseIndex);
  ADJUST.get(plan.form.mnemonic)?.(d);
  const secondPage = d.secondPage ?? 'rw';
  return plan.hostBytes === undefined ? { code: plan.bytes, state, secondPage } : { code: plan.bytes, hostCode: plan.hostBytes, state, secondPage };
}

export interface FormCases {
  readonly form: Form;
  readonly cases: IsaCase[];
  /** Why no case could be built (the encoder refused every operand combination). */
  readonly failure: string | undefined;
}

/** `count` seeded cases of `form`: edge values first, then random ones; every sixth memory or stack case probes a fault. */
export function generateCases(form: Form, count: number): FormCases {
  const rng = new Random(seedOf(form.name));
  const memory = new Uint8Array(SCRATCH_SIZE);
  fillLanes(rng, memory);
  const cases: IsaCase[] = [];
  let failure: string | undefined;
  for (let k = 0; k < count; k++) {
    const plan = planInstruction(form, rng, k);
    if (typeof plan === 'string') failure = plan;
    else cases.push(buildCase(plan, rng, k, memory));
  }
  return { form, cases, failure: cases.length === 0 ? failure : undefined };
}
