import { describe } from 'vitest';
import { assemble } from './assemble.js';
import { compareResults, type Difference, ignoredOutputs } from './compare.js';
import { blankState, GPR_NAMES, type GprName, type IsaCase, type IsaResult, type IsaState, type SecondPage, setXmm } from './IsaState.js';
import { SCRATCH_SIZE } from './layout.js';
import { Random } from './random.js';
import { runOnEmulator } from './runOnEmulator.js';
import { hostSkipReason, runOnHost } from './runOnHost.js';
import { disassemble } from './snippet.js';
import { describeX87, type X87Input, x87Image } from './x87Image.js';

/** Machine code, or Intel-syntax assembly (see assemble.ts). */
export type Snippet = Uint8Array | readonly number[] | string;

type XmmName = `xmm${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15}`;

/**
 * The inputs of one case; anything not given is as in `focusedState()`: GPRs zero, RSP at
 * STACK_ADDRESS, RFLAGS 0x202, MXCSR 0x1f80, XMM zero, the x87 as after FNINIT, and a fixed
 * pseudo-random scratch memory.
 */
export type IsaInput = Partial<Record<GprName, bigint | number>> &
  Partial<Record<XmmName, bigint>> & {
    /** Only the status flags and DF are loaded. */
    readonly rflags?: bigint | number;
    readonly mxcsr?: number;
    /** The x87 state (as after FNINIT when not given). */
    readonly x87?: X87Input;
    /** Bytes to store in the scratch memory, by offset from SCRATCH_ADDRESS. */
    readonly memory?: Readonly<Record<number, Uint8Array | readonly number[]>>;
    readonly secondPage?: SecondPage;
  };

export interface CaseReport {
  readonly case: IsaCase;
  readonly host: IsaResult;
  readonly emulator: IsaResult;
  readonly differences: readonly Difference[];
}

export interface CompareOptions {
  /** RFLAGS bits not to compare, on top of those undefinedFlags.ts leaves out. */
  readonly ignoreFlags?: number;
  /** x87 status word bits not to compare, on top of the condition codes undefinedFlags.ts leaves out. */
  readonly ignoreX87Status?: number;
}

const MEMORY_PATTERN = new Random(0x15a).bytes(SCRATCH_SIZE);

/** The state a focused case starts from before its inputs are applied. */
export function focusedState(): IsaState {
  const state = blankState();
  state.memory.set(MEMORY_PATTERN);
  return state;
}

export function snippetBytes(snippet: Snippet): Uint8Array {
  return typeof snippet === 'string' ? assemble(snippet) : Uint8Array.from(snippet);
}

export function caseFrom(code: Uint8Array, input: IsaInput): IsaCase {
  const state = focusedState();
  GPR_NAMES.forEach((name, i) => {
    const v = input[name];
    if (v !== undefined) state.gpr[i] = BigInt.asUintN(64, BigInt(v));
  });
  for (let n = 0; n < 16; n++) {
    const v = input[`xmm${n}` as XmmName];
    if (v !== undefined) setXmm(state, n, v);
  }
  if (input.rflags !== undefined) state.rflags = BigInt(input.rflags);
  if (input.mxcsr !== undefined) state.mxcsr = input.mxcsr;
  if (input.x87 !== undefined) state.x87.set(x87Image(input.x87));
  for (const [offset, bytes] of Object.entries(input.memory ?? {})) state.memory.set(bytes, Number(offset));
  return input.secondPage === undefined ? { code, state } : { code, state, secondPage: input.secondPage };
}

/** Runs `cases` on the host and on the emulator and compares every defined output. */
export function compareCases(cases: readonly IsaCase[], options: CompareOptions = {}): CaseReport[] {
  const host = runOnHost(cases);
  const emulator = runOnEmulator(cases);
  return cases.map((c, i) => {
    const ignored = ignoredOutputs(c);
    const flags = ignored.flags | (options.ignoreFlags ?? 0);
    const x87Status = ignored.x87Status | (options.ignoreX87Status ?? 0);
    return { case: c, host: host[i]!, emulator: emulator[i]!, differences: compareResults(host[i]!, emulator[i]!, { ...ignored, flags, x87Status }) };
  });
}

/** The non-default inputs of a case, for messages. */
export function describeInputs(c: IsaCase): string {
  const base = blankState();
  const parts: string[] = [];
  c.state.gpr.forEach((v, i) => {
    if (v !== base.gpr[i]) parts.push(`${GPR_NAMES[i]}=0x${v.toString(16)}`);
  });
  parts.push(`rflags=0x${c.state.rflags.toString(16)}`);
  if (c.state.mxcsr !== base.mxcsr) parts.push(`mxcsr=0x${c.state.mxcsr.toString(16)}`);
  if (Buffer.compare(c.state.x87, base.x87) !== 0) parts.push(`x87 ${describeX87(c.state.x87)}`);
  for (let n = 0; n < 16; n++) {
    const bytes = c.state.xmm.subarray(16 * n, 16 * n + 16);
    if (bytes.some((b) => b !== 0)) parts.push(`xmm${n}=0x${Buffer.from(bytes).reverse().toString('hex')}`);
  }
  if (c.secondPage !== undefined && c.secondPage !== 'rw') parts.push(`second page ${c.secondPage}`);
  return parts.join(' ');
}

export function describeReport(r: CaseReport): string {
  const lines = [`${disassemble(r.case.code)}   inputs: ${describeInputs(r.case)}`];
  for (const d of r.differences) lines.push(`  ${d.what}: host ${d.host}, emulator ${d.emulator}`);
  return lines.join('\n');
}

/**
 * Asserts that `snippet` run from each input gives the same defined outputs on the emulator as
 * on the host processor. Call it inside `describeWithHost`.
 */
export function expectSameAsHost(snippet: Snippet, inputs: readonly IsaInput[], options: CompareOptions = {}): void {
  const code = snippetBytes(snippet);
  expectCasesSameAsHost(
    inputs.map((input) => caseFrom(code, input)),
    options,
  );
}

/** The batch form of `expectSameAsHost`: many snippets and inputs, one host process. */
export function expectCasesSameAsHost(cases: readonly IsaCase[], options: CompareOptions = {}): void {
  const reports = compareCases(cases, options);
  const failing = reports.filter((r) => r.differences.length > 0);
  if (failing.length === 0) return;
  const shown = failing.slice(0, 8).map(describeReport);
  const more = failing.length > shown.length ? `\n... and ${failing.length - shown.length} more` : '';
  throw new Error(`${failing.length} of ${reports.length} cases differ from the host:\n${shown.join('\n')}${more}`);
}

/** `describe` that is skipped, with the reason printed, where the host cannot run x86-64 snippets. */
export function describeWithHost(name: string, body: () => void): void {
  const reason = hostSkipReason();
  if (reason !== undefined) console.warn(`${name}: ${reason}`);
  describe.skipIf(reason !== undefined)(name, body);
}
