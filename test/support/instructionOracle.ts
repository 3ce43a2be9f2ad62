import { type CpuExit, CpuExitKind, IsaTokens, type Task, type TrapHandler } from '@ubp/core';
import { buildContainer } from '@ubp/cli';
import { type FixtureSession } from './fixtureSession.js';
import { type ProgramOutcome } from './ProgramOutcome.js';

/** How often each instruction ran in one unprobed run, and what the run showed. */
export interface InstructionCounts {
  readonly counts: ReadonlyMap<number, number>;
  /** Step traps by address: the executions, plus one per extra iteration of a REP string instruction. */
  readonly iterations: ReadonlyMap<number, number>;
  readonly outcome: ProgramOutcome;
  /** Instructions the engine retired that the oracle saw neither as a Step nor as a syscall: 0 unless stepping was lost. */
  readonly unseen: number;
}

/**
 * Counts instruction executions by address with the single-step facet, independently of the probe
 * layer: a trap handler of the kernel arms RFLAGS.TF (hidden from the guest) on the first task and
 * claims every Step trap, re-arming TF after each (a guest's popf of a pushf image, which hides the
 * kernel's TF, would clear it). A Step that left the PC where it was is a REP string instruction
 * stopped between iterations (hardware steps those one iteration at a time; any other instruction
 * that jumps to itself would never end): the next Step there continues that execution. Syscall
 * instructions end the engine's run without a Step trap and are not counted.
 */
export async function countInstructions(fixture: FixtureSession): Promise<InstructionCounts> {
  const stepper = (await buildContainer('x86-64')).get(IsaTokens.SingleStepper);
  const counts = new Map<number, number>();
  const iterations = new Map<number, number>();
  /** A REP string instruction stopped between iterations, or -1. */
  let unfinished = -1;
  const oracle: TrapHandler = {
    handle(task: Task, exit: CpuExit): boolean {
      if (exit.kind !== CpuExitKind.Step) return false;
      stepper.enable(task.regs);
      const pc = exit.pc;
      if (pc !== unfinished) counts.set(pc, (counts.get(pc) ?? 0) + 1);
      iterations.set(pc, (iterations.get(pc) ?? 0) + 1);
      unfinished = task.regs.pc === pc ? pc : -1;
      return true;
    },
    fault: () => false,
    defersSignals: () => false,
  };
  fixture.session.kernel.trapHandlers.push(oracle);
  stepper.enable(fixture.session.process.mainTask.regs);
  const outcome = fixture.finish();
  const { kernel } = fixture.session;
  const syscalls = [...kernel.syscallCounts.values()].reduce((a, b) => a + b, 0);
  const executions = [...counts.values()].reduce((a, b) => a + b, 0);
  return { counts, iterations, outcome, unseen: kernel.retired - executions - syscalls };
}
