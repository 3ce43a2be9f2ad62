import { type Process } from '../kernel/Process.js';
import { ProbeError } from './ProbeError.js';
import { formatAddress } from '../memory/formatAddress.js';

export interface ResolvedSpec {
  readonly address: number;
  /** `symbol+0xoff` when a symbol covers it, for messages and reports. */
  readonly label: string;
}

const SPEC = /^([A-Za-z_.$][\w.$@]*)(?:\+(0x[0-9a-fA-F]+|\d+))?$/;

/** `symbol+0xoff` for an address, or its hex form when no function covers it. */
export function labelOf(process: Process, address: number): string {
  const symbol = process.symbols?.symbolAt(address - process.loadBias);
  if (symbol === undefined) return formatAddress(address);
  const offset = address - process.loadBias - symbol.value;
  return offset === 0 ? symbol.name : `${symbol.name}+0x${offset.toString(16)}`;
}

function suggestions(process: Process, name: string): string {
  const lower = name.toLowerCase();
  const near = [...(process.symbols?.names() ?? [])].filter((n) => n.toLowerCase().includes(lower) || lower.includes(n.toLowerCase())).sort((a, b) => a.length - b.length).slice(0, 5);
  return near.length === 0 ? '' : ` (did you mean ${near.join(', ')}?)`;
}

/** A probe spec of the `ubp` command line: SYMBOL, SYMBOL+OFFSET or 0xADDRESS. */
export function resolveProbeSpec(process: Process, spec: string): ResolvedSpec {
  if (/^0x[0-9a-fA-F]+$/.test(spec)) {
    const address = Number(spec);
    return { address, label: labelOf(process, address) };
  }
  const match = SPEC.exec(spec);
  if (match === null) throw new ProbeError(`bad probe spec '${spec}': expected SYMBOL, SYMBOL+OFFSET or 0xADDRESS`);
  const symbol = process.symbols?.byName(match[1]!);
  if (symbol === undefined) throw new ProbeError(`unknown symbol '${match[1]}' in probe spec '${spec}'${suggestions(process, match[1]!)}`);
  const offset = match[2] === undefined ? 0 : Number(match[2]);
  if (symbol.size > 0 && offset >= symbol.size) throw new ProbeError(`probe spec '${spec}' is past the end of ${symbol.name} (${symbol.size} bytes)`);
  const address = symbol.value + process.loadBias + offset;
  return { address, label: offset === 0 ? symbol.name : `${symbol.name}+0x${offset.toString(16)}` };
}
