import { type ElfFile, type ElfSymbol } from './ElfFile.js';
import { SHF_ALLOC, SHN_UNDEF, STB_GLOBAL, STB_WEAK, STT_FUNC, STT_GNU_IFUNC, STT_OBJECT } from './elfConstants.js';

interface CodeRange {
  readonly start: number;
  readonly end: number;
  readonly symbol: ElfSymbol;
}

/**
 * Symbol lookups for diagnostics, built once per file: by name, and the function containing an address
 * (for `symbol+offset`). Addresses are link-time ones; subtract the load bias of a PIE first.
 */
export class SymbolIndex {
  private readonly named = new Map<string, ElfSymbol>();
  /**
   * The address space cut into pieces, each owned by the innermost function covering it (undefined in
   * gaps): pieceStarts is sorted, and piece i runs up to pieceStarts[i + 1].
   */
  private readonly pieceStarts: number[] = [];
  private readonly pieceOwners: (ElfSymbol | undefined)[] = [];

  constructor(elf: Pick<ElfFile, 'symbols' | 'sections'>) {
    const defined = elf.symbols.filter((symbol) => symbol.sectionIndex !== SHN_UNDEF);
    for (const symbol of defined) {
      if (symbol.type !== STT_FUNC && symbol.type !== STT_OBJECT) continue;
      const current = this.named.get(symbol.name);
      if (current === undefined || bindingRank(symbol) < bindingRank(current)) this.named.set(symbol.name, symbol);
    }

    // An IFUNC symbol's value is its resolver, which is code like any function's.
    const code = defined.filter((symbol) => symbol.type === STT_FUNC || symbol.type === STT_GNU_IFUNC);
    this.cutIntoPieces(dropAliases(codeRanges(code, elf.sections).sort(compareRanges)));
  }

  /** The defined FUNC or OBJECT symbol with this name: GLOBAL before WEAK before LOCAL, then table order. */
  byName(name: string): ElfSymbol | undefined {
    return this.named.get(name);
  }

  /** Every name `byName` knows, for suggestions when a name is misspelt. */
  names(): IterableIterator<string> {
    return this.named.keys();
  }

  /** The innermost (latest-starting) function whose range holds `address`. */
  symbolAt(address: number): ElfSymbol | undefined {
    const piece = countAtOrBelow(this.pieceStarts, address) - 1;
    return piece < 0 ? undefined : this.pieceOwners[piece];
  }

  /**
   * Sweeps the range boundaries in order with a stack of the ranges begun so far. Ranges are pushed in
   * start order, so once the ended ones are popped off the top, the top is the innermost live range;
   * an ended range left deeper down is popped when it surfaces, as boundaries only grow.
   */
  private cutIntoPieces(sorted: readonly CodeRange[]): void {
    const boundaries = [...new Set(sorted.flatMap((range) => [range.start, range.end]))].sort((a, b) => a - b);
    const open: CodeRange[] = [];
    let next = 0;
    for (const boundary of boundaries) {
      for (let range = sorted[next]; range !== undefined && range.start <= boundary; range = sorted[++next]) {
        open.push(range);
      }
      while ((open.at(-1)?.end ?? Infinity) <= boundary) open.pop();
      const owner = open.at(-1)?.symbol;
      if (this.pieceStarts.length > 0 && this.pieceOwners.at(-1) === owner) continue;
      this.pieceStarts.push(boundary);
      this.pieceOwners.push(owner);
    }
  }
}

/**
 * Assembly entry points such as `_start` often carry size 0; they are taken to run up to the next
 * function or the end of their section, whichever comes first, and to cover their own address at least.
 */
function codeRanges(code: readonly ElfSymbol[], sections: ElfFile['sections']): CodeRange[] {
  const starts = [...new Set(code.map((symbol) => symbol.value))].sort((a, b) => a - b);
  return code.map((symbol) => {
    if (symbol.size > 0) return { start: symbol.value, end: symbol.value + symbol.size, symbol };
    const section = sections[symbol.sectionIndex];
    const sectionEnd =
      section !== undefined &&
      (section.flags & SHF_ALLOC) !== 0 &&
      section.addr <= symbol.value &&
      symbol.value < section.addr + section.size
        ? section.addr + section.size
        : Infinity;
    const nextStart = starts[countAtOrBelow(starts, symbol.value)] ?? Infinity;
    const end = Math.min(sectionEnd, nextStart);
    return { start: symbol.value, end: end === Infinity ? symbol.value + 1 : end, symbol };
  });
}

/** How many entries of an ascending array are <= value: the index of the first one above it. */
export function countAtOrBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? Infinity) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Start order with outer ranges first, so that the sweep stacks inner ones on top; then the preferred alias. */
function compareRanges(a: CodeRange, b: CodeRange): number {
  return (
    a.start - b.start ||
    b.end - a.end ||
    bindingRank(a.symbol) - bindingRank(b.symbol) ||
    Number(b.symbol.size > 0) - Number(a.symbol.size > 0) ||
    a.symbol.index - b.symbol.index
  );
}

/** Aliases (memcpy and __memcpy) share a range; the sort put the preferred name first. */
function dropAliases(sorted: readonly CodeRange[]): CodeRange[] {
  return sorted.filter((range, i) => {
    const previous = sorted[i - 1];
    return previous === undefined || previous.start !== range.start || previous.end !== range.end;
  });
}

function bindingRank(symbol: ElfSymbol): number {
  if (symbol.binding === STB_GLOBAL) return 0;
  return symbol.binding === STB_WEAK ? 1 : 2;
}
