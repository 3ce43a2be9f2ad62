import { type InstructionAnalysis } from '../isa/InstructionAnalysis.js';
import { type Process } from '../kernel/Process.js';
import { type StrategyVerdict } from '../xol/StrategyVerdict.js';
import { type ProbeConsumer } from './ProbeConsumer.js';

/** One probed address in one process (≈ struct uprobe plus its arch_uprobe). */
export interface ProbeSite {
  readonly process: Process;
  readonly address: number;
  /** How the user named it (`main+4`), for messages and traces. */
  readonly label: string;
  readonly analysis: InstructionAnalysis;
  readonly verdict: Extract<StrategyVerdict, { accepted: true }>;
  /** The bytes the breakpoint covers. */
  readonly original: Uint8Array;
  readonly consumers: ProbeConsumer[];
  /** Whether any consumer wants the function's return. */
  wantsReturn: boolean;
  /** Whether the breakpoint is meant to be in the code: false once the last consumer left. */
  installed: boolean;
  /** Whether the strategy has set the site up (XolStrategy.prepare): at registration, or at the first hit of a site a fork or exec carried over. */
  prepared: boolean;
}
