import { type InstructionAnalysis } from '../isa/InstructionAnalysis.js';
import { type Process } from '../kernel/Process.js';
import { Protection } from '../memory/Protection.js';
import { type ProbeFacets } from '../xol/ProbeFacets.js';
import { ProbeError } from './ProbeError.js';
import { formatAddress } from '../memory/formatAddress.js';
import { type InstructionStarts, startAtOrBefore } from './InstructionStarts.js';

/**
 * Checks that `address` can carry a breakpoint: it lies in the program's executable code, and an
 * instruction starts there (found by decoding its function from the start, as a linear sweep
 * from the symbol, once per function). Returns the analysis of that instruction.
 */
export function validateProbeAddress(
  process: Process,
  facets: ProbeFacets,
  starts: InstructionStarts,
  address: number,
  label: string,
  /** The program's code as it was before any breakpoint went in. */
  readCode: (address: number, length: number) => Uint8Array,
): InstructionAnalysis {
  const vma = process.space.find(address);
  if (vma === undefined || vma.backing.kind !== 'file' || vma.backing.file.path !== process.exePath) {
    throw new ProbeError(`${label} (${formatAddress(address)}) is not in the program's code`);
  }
  if ((vma.prot & Protection.Exec) === 0) throw new ProbeError(`${label} (${formatAddress(address)}) is not executable`);
  const symbol = process.symbols?.symbolAt(address - process.loadBias);
  if (symbol === undefined) throw new ProbeError(`no function symbol covers ${label} (${formatAddress(address)}), so it cannot be checked to start an instruction`);
  const { decoder, descriptor } = facets;
  const start = symbol.value + process.loadBias;
  // A size-0 symbol (an assembly entry point) is swept only as far as the probe.
  const sweep = starts.of(process, start, symbol.size > 0 ? start + symbol.size : address + 1, readCode);
  const before = startAtOrBefore(sweep.starts, address);
  if (before !== address) {
    if (sweep.invalidAt !== undefined && sweep.invalidAt <= address) throw new ProbeError(`cannot decode ${symbol.name} up to ${label}: invalid instruction at ${formatAddress(sweep.invalidAt)}`);
    const inside = decoder.decode(readCode(before!, descriptor.maxInstructionBytes), before!)!;
    throw new ProbeError(`${label} (${formatAddress(address)}) is not the start of an instruction: it is inside '${inside.text}' at ${symbol.name}+0x${(before! - start).toString(16)}`);
  }
  const insn = decoder.decode(readCode(address, descriptor.maxInstructionBytes), address);
  if (insn === undefined) throw new ProbeError(`${label} (${formatAddress(address)}) does not hold a valid instruction`);
  return facets.analyzer.analyze(insn);
}
