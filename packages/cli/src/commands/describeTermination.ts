import { formatAddress, type Process, signalName, type Termination } from '@ubp/core';

/** `symbol+0xoff` for a code address, when the executable's symbols cover it. */
export function symbolize(process: Process, address: number): string {
  const symbol = process.symbols?.symbolAt(address - process.loadBias);
  if (symbol === undefined) return formatAddress(address);
  const offset = address - process.loadBias - symbol.value;
  return `${formatAddress(address)} (${symbol.name}${offset === 0 ? '' : `+0x${offset.toString(16)}`})`;
}

/** The exit status `ubp` reports for a guest that ended this way: its own, or 128 + signal. */
export function exitStatusOf(termination: Termination): number {
  return termination.kind === 'exit' ? termination.status : 128 + termination.signal;
}

/** The one-line message for a guest killed by a signal. */
export function killMessage(process: Process, termination: Extract<Termination, { kind: 'signal' }>): string {
  let message = `ubp: guest killed by ${signalName(termination.signal)}`;
  if (termination.pc !== undefined) message += ` at ${symbolize(process, termination.pc)}`;
  if (termination.detail !== undefined) message += `: ${termination.detail}`;
  return message;
}
