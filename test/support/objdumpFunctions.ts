import { spawnSync } from 'node:child_process';

/** One instruction as GNU objdump decodes it: an oracle for instruction boundaries that is not iced. */
export interface ObjdumpInstruction {
  readonly address: number;
  readonly bytes: Uint8Array;
  /** AT&T text, prefixes included (`rep movsq ...`, `lock cmpxchg ...`). */
  readonly text: string;
}

export interface ObjdumpFunction {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly instructions: readonly ObjdumpInstruction[];
}

interface NmSymbol {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  readonly type: string;
}

function run(tool: string, args: readonly string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error !== undefined) throw new Error(`${tool} is needed: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

/** `nm -S -n`: every symbol with its address, size (0 when absent) and type letter, by address. */
export function nmSymbols(binary: string): NmSymbol[] {
  const symbols: NmSymbol[] = [];
  for (const line of run('nm', ['-S', '-n', binary]).split('\n')) {
    const withSize = /^([0-9a-f]+) ([0-9a-f]+) (\w) (\S+)$/.exec(line);
    const withoutSize = /^([0-9a-f]+) (\w) (\S+)$/.exec(line);
    if (withSize !== null) symbols.push({ address: parseInt(withSize[1]!, 16), size: parseInt(withSize[2]!, 16), type: withSize[3]!, name: withSize[4]! });
    else if (withoutSize !== null) symbols.push({ address: parseInt(withoutSize[1]!, 16), size: 0, type: withoutSize[2]!, name: withoutSize[3]! });
  }
  return symbols;
}

/**
 * The extent of a function: its symbol size, or for assembly functions without one (musl's
 * memcpy and memset) up to the next text symbol, as `nm -n` orders them.
 */
function extentOf(symbols: readonly NmSymbol[], name: string): { start: number; end: number } {
  const symbol = symbols.find((s) => s.name === name && /[tTiW]/.test(s.type));
  if (symbol === undefined) throw new Error(`no text symbol '${name}'`);
  if (symbol.size > 0) return { start: symbol.address, end: symbol.address + symbol.size };
  const next = symbols.find((s) => s.address > symbol.address && /[tT]/.test(s.type));
  if (next === undefined) throw new Error(`cannot bound '${name}'`);
  return { start: symbol.address, end: next.address };
}

/** Disassembles the named functions of a binary with objdump (one instruction per line, no wrapping). */
export function objdumpFunctions(binary: string, names: readonly string[]): ObjdumpFunction[] {
  const symbols = nmSymbols(binary);
  return names.map((name) => {
    const { start, end } = extentOf(symbols, name);
    const text = run('objdump', ['-d', '--no-addresses', '--insn-width=16', '-w', `--start-address=0x${start.toString(16)}`, `--stop-address=0x${end.toString(16)}`, binary]);
    return { name, start, end, instructions: parseListing(text, start) };
  });
}

/**
 * objdump -d with --no-addresses prints `\tBYTES\tTEXT` per instruction; the addresses follow from
 * the lengths. Lines outside a function listing (headers, labels) are skipped.
 */
function parseListing(listing: string, start: number): ObjdumpInstruction[] {
  const instructions: ObjdumpInstruction[] = [];
  let address = start;
  for (const line of listing.split('\n')) {
    const match = /^\t((?:[0-9a-f]{2} )+)\s*\t(.*)$/.exec(line);
    if (match === null) continue;
    const bytes = Uint8Array.from(match[1]!.trim().split(' ').map((b) => parseInt(b, 16)));
    instructions.push({ address, bytes, text: match[2]!.replace(/\s+/g, ' ').trim() });
    address += bytes.length;
  }
  return instructions;
}
