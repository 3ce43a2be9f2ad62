import { SiCode, Signal } from '@ubp/core';
import { CpuTrap } from '../../CpuTrap.js';
import { type ExtendedFloat, type FloatContext, type PrecisionControl, realIndefinite, type RoundingMode } from '../../softfloat/index.js';
import { X87Status, type X87State } from '../../state/X87State.js';

/*
 * What every x87 helper shares: the rounding context, the stack, and exception reporting as the
 * Intel SDM vol. 1, 8.4-8.5 and this host define them. An exception whose mask bit is set gets
 * the "masked response" (a default result); an unmasked one sets its flag, which makes ES and B
 * read as set (X87State derives them) and the next waiting instruction fault (#MF, SIGFPE).
 */

const { invalid: IE, denormal: DE, divideByZero: ZE, overflow: OE, underflow: UE, precision: PE, stackFault: SF, c1: C1 } = X87Status;

/** Exceptions detected before the result exists: unmasked, they leave the destination and the stack alone. */
export const PRE_COMPUTATION = IE | DE | ZE;

const PRECISIONS: readonly PrecisionControl[] = [24, 64, 53, 64];

// One context serves every instruction: helpers reset it and nothing keeps it across calls.
const context: FloatContext = { rounding: 0, precision: 64, flags: 0, c1: 0 };

/** The context of the control word's rounding and precision control, with no flags raised yet. */
export function fpuContext(x87: X87State): FloatContext {
  const control = x87.control;
  context.rounding = ((control >> 10) & 3) as RoundingMode;
  context.precision = PRECISIONS[(control >> 8) & 3]!;
  context.flags = 0;
  context.c1 = 0;
  return context;
}

export function isMasked(x87: X87State, flags: number): boolean {
  return (flags & ~x87.control) === 0;
}

/** ORs `flags` into the status word and replaces C1. */
export function report(x87: X87State, flags: number, c1: number): void {
  x87.status = (x87.status & ~C1) | flags | (c1 !== 0 ? C1 : 0);
}

/** ORs `flags` into the status word, C1 unchanged (FCOMI, FUCOMI and FCMOVcc on this host). */
export function raise(x87: X87State, flags: number): void {
  x87.status |= flags;
}

/**
 * A stack underflow (an empty source) or overflow (a push onto a full stack): IE and SF, with
 * C1 telling which. Returns whether IE is masked, that is whether the instruction goes on with
 * the real indefinite in place of the missing value.
 */
export function stackFault(x87: X87State, overflow: boolean): boolean {
  report(x87, IE | SF, overflow ? 1 : 0);
  return isMasked(x87, IE);
}

/** Whether ST(i) or ST(j) is empty. */
export function eitherEmpty(x87: X87State, i: number, j: number): boolean {
  return x87.isEmpty(i) || x87.isEmpty(j);
}

/**
 * An empty operand: the masked response writes the real indefinite to ST(i) (popping after when
 * asked); an unmasked one changes nothing.
 */
export function underflowInto(x87: X87State, i: number, popAfter: boolean): void {
  if (!stackFault(x87, false)) return;
  x87.write(i, realIndefinite());
  if (popAfter) pop(x87);
}

/**
 * Checks for room before a push: with ST(7) in use, the masked response pushes the real
 * indefinite and an unmasked one changes nothing. Returns whether the caller may push.
 */
export function roomToPush(x87: X87State): boolean {
  if (x87.isEmpty(7)) return true;
  if (stackFault(x87, true)) push(x87, realIndefinite());
  return false;
}

/**
 * The stack check of the instructions that replace ST(0) and push a second result (FXTRACT FPTAN
 * FSINCOS): an empty ST(0) (underflow, reported first) or a full stack (overflow). The masked
 * response makes both results the real indefinite. Returns whether there was a fault.
 */
export function twoResultStackFault(x87: X87State): boolean {
  const empty = x87.isEmpty(0);
  if (!empty && x87.isEmpty(7)) return false;
  if (stackFault(x87, !empty)) {
    x87.write(0, realIndefinite());
    push(x87, realIndefinite());
  }
  return true;
}

export function push(x87: X87State, value: ExtendedFloat): void {
  x87.top = (x87.top - 1) & 7;
  x87.write(0, value);
}

export function pop(x87: X87State): void {
  x87.free(0);
  x87.top = (x87.top + 1) & 7;
}

/**
 * Writes an operation's result to ST(i) (popping after when asked) and reports its flags, unless
 * a pre-computation exception is unmasked: then only those flags are reported and nothing moves.
 * Returns whether the result was written.
 */
export function commitResult(x87: X87State, i: number, result: ExtendedFloat, ctx: FloatContext, popAfter: boolean): boolean {
  if (!isMasked(x87, ctx.flags & PRE_COMPUTATION)) {
    report(x87, ctx.flags & PRE_COMPUTATION, 0);
    return false;
  }
  report(x87, ctx.flags, ctx.c1);
  x87.write(i, result);
  if (popAfter) pop(x87);
  return true;
}

const FPE_CODES: ReadonlyArray<readonly [number, number]> = [
  [IE, SiCode.FPE_FLTINV],
  [ZE, SiCode.FPE_FLTDIV],
  [OE, SiCode.FPE_FLTOVF],
  [DE | UE, SiCode.FPE_FLTUND],
  [PE, SiCode.FPE_FLTRES],
];

/**
 * #MF at a waiting instruction while an unmasked exception is pending: Linux delivers SIGFPE at
 * that instruction, with the si_code of the first of IE, ZE, OE, DE/UE, PE set and unmasked.
 */
export function pendingException(x87: X87State, address: number): CpuTrap {
  const unmasked = x87.pendingExceptions;
  const code = FPE_CODES.find(([flags]) => (unmasked & flags) !== 0)?.[1] ?? 0;
  return new CpuTrap(Signal.SIGFPE, code, address, 'x87 floating-point exception (#MF)');
}
