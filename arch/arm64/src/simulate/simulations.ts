import { classifyA64 } from '../analyze/classifyA64.js';
import { type Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { simulateCbzCbnz } from './compareAndBranch.js';
import { simulateBCond } from './conditionalBranch.js';
import { simulateBBl } from './immediateBranch.js';
import { simulateNop } from './nop.js';
import { simulateAdrAdrp } from './pcRelativeAddress.js';
import { simulateBrBlrRet } from './registerBranch.js';
import { simulateTbzTbnz } from './testAndBranch.js';

/** Executes one instruction on the trapped registers, with the PC at the instruction. */
type Simulation = (word: number, regs: Arm64RegisterFile) => void;

/** Linux's simulate_* handlers for arm64 uprobes (arch/arm64/kernel/probes/simulate-insn.c). */
const SIMULATIONS = {
  nop: simulateNop,
  'b.cond': simulateBCond,
  'cbz/cbnz': simulateCbzCbnz,
  'tbz/tbnz': simulateTbzTbnz,
  'adr/adrp': simulateAdrAdrp,
  'b/bl': simulateBBl,
  'br/blr/ret': simulateBrBlrRet,
} as const satisfies Record<string, Simulation>;

export type SimulationName = keyof typeof SIMULATIONS;

/** Runs the simulation Linux uses for `word`; throws for an instruction Linux does not simulate. */
export function simulateA64(word: number, regs: Arm64RegisterFile): void {
  const { simulation, name } = classifyA64(word);
  if (simulation === undefined) throw new Error(`${name} is not simulated`);
  SIMULATIONS[simulation](word, regs);
}
