import { STRATEGY_NAMES, type StrategyEvidence, type StrategyName } from '@ubp/core';
import { analyzeElf } from '../commands/analyzeProgram.js';
import { readProgram } from '../commands/readProgram.js';

interface Tally {
  accepted: number;
  readonly refusedAdmitted: Map<string, number>;
}

/** What the evidence programs of one architecture showed. */
export class ArchEvidence {
  readonly programs: string[] = [];
  instructions = 0;
  private readonly tallies = Object.fromEntries(STRATEGY_NAMES.map((s) => [s, { accepted: 0, refusedAdmitted: new Map() }])) as Record<StrategyName, Tally>;

  add(other: ArchEvidence): void {
    this.programs.push(...other.programs);
    this.instructions += other.instructions;
    for (const strategy of STRATEGY_NAMES) {
      const into = this.tallies[strategy];
      const from = other.tallies[strategy];
      into.accepted += from.accepted;
      for (const [reason, n] of from.refusedAdmitted) into.refusedAdmitted.set(reason, (into.refusedAdmitted.get(reason) ?? 0) + n);
    }
  }

  count(strategy: StrategyName, accepted: boolean, admitted: boolean, reason: string): void {
    const tally = this.tallies[strategy];
    if (accepted) tally.accepted++;
    else if (admitted) tally.refusedAdmitted.set(reason, (tally.refusedAdmitted.get(reason) ?? 0) + 1);
  }

  of(strategy: StrategyName): StrategyEvidence {
    return { instructions: this.instructions, ...this.tallies[strategy] };
  }
}

/** Every instruction of every executable section of `programs`, judged by each strategy, tallied per architecture. */
export async function gatherEvidence(programs: readonly string[]): Promise<Map<string, ArchEvidence>> {
  const byArch = new Map<string, ArchEvidence>();
  for (const program of programs) {
    const { bytes } = readProgram(program);
    const evidence = new ArchEvidence();
    evidence.programs.push(program);
    const arch = await analyzeElf(bytes, program, [], (instruction) => {
      evidence.instructions++;
      for (const strategy of STRATEGY_NAMES) {
        const verdict = instruction.verdicts[strategy];
        evidence.count(strategy, verdict.accepted, instruction.admitted, verdict.accepted ? '' : verdict.reason);
      }
    });
    const total = byArch.get(arch) ?? new ArchEvidence();
    total.add(evidence);
    byArch.set(arch, total);
  }
  return byArch;
}
