import { type InstructionAnalysis } from '../isa/InstructionAnalysis.js';
import { type Process } from '../kernel/Process.js';
import { Protection } from '../memory/Protection.js';
import { type ProbeFacets } from '../xol/ProbeFacets.js';
import { ProbeError } from './ProbeError.js';
import { formatAddress } from '../memory/formatAddress.js';

/**
 * Checks that `address` can carry a breakpoint: it lies in the program's executable code, and an
 * instruction starts there (found by decoding its function from the start, as a linear sweep
 * from the symbol). Returns the analysis of that instruction.
 */
export function validateProbeAddress(
  process: Process,
  facets: ProbeFacets,
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
  let at = symbol.value + process.loadBias;
  while (at < address) {
    const insn = decoder.decode(readCode(at, descriptor.maxInstructionBytes), at);
    if (insn === undefined) throw new ProbeError(`cannot decode ${symbol.name} up to ${label}: invalid instruction at ${formatAddress(at)}`);
    if (at + insn.length > address) {
      throw new ProbeError(`${label} (${formatAddress(address)}) is not the start of an instruction: it is inside '${insn.text}' at ${symbol.name}+0x${(at - symbol.value - process.loadBias).toString(16)}`);
    }
    at += insn.length;
  }
  const insn = decoder.decode(readCode(address, descriptor.maxInstructionBytes), address);
  if (insn === undefined) throw new ProbeError(`${label} (${formatAddress(address)}) does not hold a valid instruction`);
  return facets.analyzer.analyze(insn);
}
