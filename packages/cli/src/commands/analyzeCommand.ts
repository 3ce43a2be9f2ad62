import { formatAddress, STRATEGY_NAMES, type StrategyVerdict } from '@ubp/core';
import { analyzeProgram, type ProgramAnalysis } from './analyzeProgram.js';
import { readProgram } from './readProgram.js';

export interface AnalyzeOptions {
  readonly symbol: readonly string[];
  readonly json: boolean;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function verdictJson(verdict: StrategyVerdict) {
  return verdict.accepted
    ? { accepted: true, action: verdict.action, fixups: verdict.fixups, ...(verdict.note === undefined ? {} : { note: verdict.note }) }
    : { accepted: false, fixups: [], reason: verdict.reason };
}

export function summaryOf(analysis: ProgramAnalysis): Record<string, { accepted: number; refused: number }> {
  const summary: Record<string, { accepted: number; refused: number }> = {};
  for (const strategy of STRATEGY_NAMES) {
    const accepted = analysis.instructions.filter((i) => i.verdicts[strategy].accepted).length;
    summary[strategy] = { accepted, refused: analysis.instructions.length - accepted };
  }
  return summary;
}

function short(verdict: StrategyVerdict): string {
  if (!verdict.accepted) return 'refused';
  return verdict.fixups.length === 0 ? verdict.action : `${verdict.action}[${verdict.fixups.join(',')}]`;
}

/** `ubp analyze`: for every instruction, what each strategy would do with a probe there. */
export async function analyzeCommand(program: string, options: AnalyzeOptions): Promise<number> {
  const analysis = await analyzeProgram(readProgram(program).bytes, program, options.symbol);
  const summary = summaryOf(analysis);
  if (options.json) {
    const report = {
      arch: analysis.arch,
      instructions: analysis.instructions.map((i) => ({
        address: formatAddress(i.address),
        bytes: hex(i.bytes),
        text: i.text,
        strategies: Object.fromEntries(STRATEGY_NAMES.map((s) => [s, verdictJson(i.verdicts[s])])),
      })),
      summary,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const lines: string[] = [];
  for (const i of analysis.instructions) {
    const verdicts = STRATEGY_NAMES.map((s) => `${s}=${short(i.verdicts[s])}`).join(' ');
    lines.push(`${i.address.toString(16).padStart(12)}  ${hex(i.bytes).padEnd(30)} ${i.text.padEnd(40)} ${verdicts}`);
    const refusals = [...new Set(STRATEGY_NAMES.map((s) => i.verdicts[s]).filter((v) => !v.accepted).map((v) => (v.accepted ? '' : v.reason)))];
    for (const reason of refusals) lines.push(`${''.padStart(14)}refused: ${reason}`);
  }
  lines.push('', `${analysis.arch}: ${analysis.instructions.length} instructions`);
  for (const s of STRATEGY_NAMES) {
    const { accepted, refused } = summary[s]!;
    const share = analysis.instructions.length === 0 ? 0 : (100 * accepted) / analysis.instructions.length;
    lines.push(`${s.padEnd(12)} accepts ${String(accepted).padStart(7)} (${share.toFixed(1)}%), refuses ${refused}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
