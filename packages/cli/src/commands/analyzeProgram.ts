import { type ElfFile, IsaTokens, parseElf, ProbeCounters, resolveStrategy, SHF_EXECINSTR, SHT_NOBITS, STRATEGY_NAMES, type StrategyName, strategyScope, type StrategyVerdict } from '@ubp/core';
import { archForMachine, buildContainer } from '../buildContainer.js';
import { UsageError } from '../UsageError.js';

export interface AnalyzedInstruction {
  readonly address: number;
  readonly bytes: Uint8Array;
  readonly text: string;
  /** Whether the analysis facet lets a breakpoint go here at all (strategies may still refuse). */
  readonly admitted: boolean;
  readonly verdicts: Readonly<Record<StrategyName, StrategyVerdict>>;
}

export interface ProgramAnalysis {
  readonly arch: string;
  readonly instructions: AnalyzedInstruction[];
}

/** The ranges to disassemble: the named functions, or every executable section (as objdump -d). */
function rangesOf(elf: ElfFile, symbols: readonly string[]): Array<{ start: number; end: number; offset: number }> {
  const fileOffset = (address: number): number => {
    const segment = elf.loadSegments.find((s) => address >= s.vaddr && address < s.vaddr + s.filesz);
    if (segment === undefined) throw new UsageError(`0x${address.toString(16)} is not in the file`);
    return segment.offset + (address - segment.vaddr);
  };
  if (symbols.length === 0) {
    return elf.sections.filter((s) => (s.flags & SHF_EXECINSTR) !== 0 && s.size > 0 && s.type !== SHT_NOBITS).map((s) => ({ start: s.addr, end: s.addr + s.size, offset: s.offset }));
  }
  return symbols.map((name) => {
    const symbol = elf.symbols.find((s) => s.name === name && s.sectionIndex !== 0);
    if (symbol === undefined) throw new UsageError(`unknown symbol '${name}'`);
    if (symbol.size === 0) throw new UsageError(`${name} has no size in the symbol table`);
    return { start: symbol.value, end: symbol.value + symbol.size, offset: fileOffset(symbol.value) };
  });
}

/**
 * What each strategy would do with a probe on every instruction of a program (or of some of its
 * functions), one instruction at a time to `visit`: decoded with the architecture's decode facet,
 * judged by its analysis facet and by each strategy resolved from its container. A strategy the
 * architecture cannot resolve refuses every instruction, with the missing facet as the reason.
 * Returns the architecture's name.
 */
export async function analyzeElf(bytes: Uint8Array, name: string, symbols: readonly string[], visit: (instruction: AnalyzedInstruction) => void): Promise<string> {
  let elf: ElfFile;
  try {
    elf = parseElf(bytes, name);
  } catch (error) {
    throw new UsageError(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const arch = archForMachine(elf.header.machine);
  if (arch === undefined) throw new UsageError(`${name}: ELF machine ${elf.header.machine} is not an architecture ubp knows`);
  const scope = strategyScope(await buildContainer(arch), new ProbeCounters(), { nowNs: () => 0 });
  if (!scope.isBound(IsaTokens.Decoder) || !scope.isBound(IsaTokens.Analyzer)) throw new UsageError(`${arch} has no decode and analysis facets`);
  const decoder = scope.get(IsaTokens.Decoder);
  const analyzer = scope.get(IsaTokens.Analyzer);
  const descriptor = scope.get(IsaTokens.Descriptor);
  const judges = STRATEGY_NAMES.map((strategy) => [strategy, resolveStrategy(scope, strategy)] as const);
  const unresolved = Object.fromEntries(
    judges.flatMap(([strategy, resolution]) => {
      if (resolution.kind === 'resolved') return [];
      const reason = resolution.kind === 'missing' ? `not ported: no ${resolution.facets.join(', ')} facet` : `impossible: ${resolution.reason}`;
      return [[strategy, { accepted: false, reason } satisfies StrategyVerdict]];
    }),
  );
  const invalid: StrategyVerdict = { accepted: false, reason: 'not a valid instruction' };
  const allInvalid = Object.fromEntries(STRATEGY_NAMES.map((s) => [s, invalid])) as Record<StrategyName, StrategyVerdict>;
  for (const range of rangesOf(elf, symbols)) {
    for (let at = range.start; at < range.end; ) {
      const offset = range.offset + (at - range.start);
      const window = bytes.subarray(offset, Math.min(offset + descriptor.maxInstructionBytes, range.offset + (range.end - range.start)));
      const insn = decoder.decode(window, at);
      if (insn === undefined) {
        // As objdump does, an undecodable unit is shown and skipped (a byte on x86, a word on arm64).
        const unit = descriptor.instructionAlignment;
        visit({ address: at, bytes: window.slice(0, unit), text: '(bad)', admitted: false, verdicts: allInvalid });
        at += unit;
        continue;
      }
      const analysis = analyzer.analyze(insn);
      const verdicts = Object.fromEntries(
        judges.map(([strategy, resolution]) => [strategy, resolution.kind === 'resolved' ? resolution.strategy.verdict(analysis) : unresolved[strategy]!]),
      ) as Record<StrategyName, StrategyVerdict>;
      visit({ address: at, bytes: insn.bytes, text: insn.text, admitted: analysis.refusal === undefined, verdicts });
      at += insn.length;
    }
  }
  return arch;
}

/** analyzeElf, collected. */
export async function analyzeProgram(bytes: Uint8Array, name: string, symbols: readonly string[]): Promise<ProgramAnalysis> {
  const instructions: AnalyzedInstruction[] = [];
  const arch = await analyzeElf(bytes, name, symbols, (instruction) => instructions.push(instruction));
  return { arch, instructions };
}
