import { compareResults, type Ignored, ignoredOutputs } from './compare.js';
import { type CaseReport, describeInputs, describeReport } from './expectSameAsHost.js';
import { cloneState, GPR_NAMES, type GprName, type IsaCase, type IsaResult } from './IsaState.js';
import { runOnEmulator } from './runOnEmulator.js';
import { runOnHost } from './runOnHost.js';
import { disassemble } from './snippet.js';

/** What a run changes, as the CPU model documents it (where the host cannot be the oracle). */
export interface ModelledChanges {
  readonly gpr?: Partial<Record<GprName, bigint | number>>;
  /** Bytes the run stores, by offset from SCRATCH_ADDRESS. */
  readonly memory?: Readonly<Record<number, readonly number[]>>;
  /** How the run stops when not at a stop marker: a fault (with si_code and si_addr as Linux delivers them), or SYSCALL. */
  readonly stop?: { readonly signal: number; readonly siCode?: number; readonly siAddr?: bigint | number };
}

/** The result the model gives for `c`: its input state with `changes`, stopped at `rip`. */
export function modelledResult(c: IsaCase, rip: bigint | number, changes: ModelledChanges = {}): IsaResult {
  const state = cloneState(c.state);
  GPR_NAMES.forEach((name, i) => {
    const v = changes.gpr?.[name];
    if (v !== undefined) state.gpr[i] = BigInt.asUintN(64, BigInt(v));
  });
  for (const [offset, bytes] of Object.entries(changes.memory ?? {})) state.memory.set(bytes, Number(offset));
  const stop = changes.stop;
  return {
    ...state,
    rip: BigInt(rip),
    signal: stop?.signal,
    siCode: stop?.siCode,
    siAddr: stop?.siAddr === undefined ? undefined : BigInt.asUintN(64, BigInt(stop.siAddr)),
  };
}

/**
 * Asserts that each emulator result equals what the model says, output by output as the host
 * comparison compares them (nothing left out but what undefinedFlags.ts leaves undefined).
 */
export function expectAsModelled(cases: readonly IsaCase[], modelled: readonly IsaResult[], emulator: readonly IsaResult[] = runOnEmulator(cases)): void {
  const failing = cases.flatMap((c, i) => {
    const differences = compareResults(modelled[i]!, emulator[i]!, ignoredOutputs(c));
    if (differences.length === 0) return [];
    return [[`${disassemble(c.code)}   inputs: ${describeInputs(c)}`, ...differences.map((d) => `  ${d.what}: model ${d.host}, emulator ${d.emulator}`)].join('\n')];
  });
  if (failing.length > 0) throw new Error(`${failing.length} of ${cases.length} cases differ from the model:\n${failing.slice(0, 8).join('\n')}`);
}

/**
 * Compares the host and the emulator on everything but `unknown` (bits of GPRs whose values the
 * host and the model may disagree on: a system call's result, a CPUID leaf, a time stamp). The
 * emulator's result goes through `settle` first, which checks how the model stops (at a system
 * call, say) and returns it as the host reports it. Returns the emulator's results.
 */
export function expectSameAsHostExcept(
  cases: readonly IsaCase[],
  unknown: Partial<Record<GprName, bigint>>,
  settle: (emulator: IsaResult, c: IsaCase) => IsaResult = (emulator) => emulator,
): IsaResult[] {
  const host = runOnHost(cases);
  const emulator = runOnEmulator(cases);
  const reports: CaseReport[] = cases.map((c, i) => {
    const ignored = ignoredOutputs(c);
    const gpr = new Map(ignored.gpr);
    GPR_NAMES.forEach((name, slot) => {
      const bits = unknown[name];
      if (bits !== undefined) gpr.set(slot, (gpr.get(slot) ?? 0n) | bits);
    });
    const settled = settle(emulator[i]!, c);
    return { case: c, host: host[i]!, emulator: settled, differences: compareResults(host[i]!, settled, { ...ignored, gpr } satisfies Ignored) };
  });
  const failing = reports.filter((r) => r.differences.length > 0);
  if (failing.length > 0) throw new Error(`${failing.length} of ${reports.length} cases differ from the host:\n${failing.slice(0, 8).map(describeReport).join('\n')}`);
  return emulator;
}
