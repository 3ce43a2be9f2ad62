import { type CpuExit } from '../isa/CpuExit.js';
import { type InstructionAnalysis } from '../isa/InstructionAnalysis.js';
import { type Process } from '../kernel/Process.js';
import { type Task } from '../kernel/Task.js';
import { type ProbeSite } from '../probes/ProbeSite.js';
import { type StrategyName } from './StrategyName.js';
import { type StrategyVerdict } from './StrategyVerdict.js';

/**
 * What a strategy did with a hit: finished it, left it to a later trap to complete, or found no
 * free XOL slot (the task then waits for one, as Linux's xol_take_insn_slot sleeps).
 */
export type HitOutcome = 'done' | 'pending' | 'no-slot';

/**
 * One way of running the instruction a breakpoint displaced, for one process. The probe layer
 * runs the consumers; the strategy runs the instruction and finishes whatever trap follows.
 */
export interface XolStrategy {
  readonly name: StrategyName;
  /** Whether a probe on this instruction can be taken, and how (decided at registration). */
  verdict(analysis: InstructionAnalysis): StrategyVerdict;
  /** Per-site setup at registration (a boosted probe's permanent slot). */
  prepare(site: ProbeSite): void;
  /** Runs the displaced instruction for a hit at `site`. */
  execute(task: Task, site: ProbeSite): HitOutcome;
  /** A step or debug trap arrived; returns true when it completed one of this strategy's pending hits. */
  complete(task: Task, exit: CpuExit): boolean;
  /** A watched address (ExecutionEngine.watches) is about to run in `task`: returns true when the watch was this strategy's. */
  watched(task: Task, exit: CpuExit): boolean;
  /** Whether `task` is between execute and complete. */
  pending(task: Task): boolean;
  /**
   * The pending instruction faulted, or a fault happened in code this strategy owns (a boosted
   * slot): undo, and put the PC back on the probed instruction. Returns true when it did.
   */
  abort(task: Task, exit: CpuExit): boolean;
  /** Where a return trampoline lives in `process` (created on first use). */
  trampoline(process: Process): number;
}
