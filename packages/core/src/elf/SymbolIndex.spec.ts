import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ElfSymbol, type SectionHeader } from './ElfFile.js';
import {
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHN_UNDEF,
  SHT_PROGBITS,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FUNC,
  STT_GNU_IFUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
  STT_TLS,
} from './elfConstants.js';
import { parseElf } from './parseElf.js';
import { SymbolIndex } from './SymbolIndex.js';
import { buildElfImage, staticExecutableSpec, TEXT_ADDRESS } from './testing/buildElfImage.js';

let nextIndex = 1;
function symbol(name: string, value: number, size: number, fields: Partial<ElfSymbol> = {}): ElfSymbol {
  return {
    index: nextIndex++, name, value, size, type: STT_FUNC, binding: STB_GLOBAL, visibility: 0, sectionIndex: 1, ...fields,
  };
}

function text(addr: number, size: number): SectionHeader[] {
  const base = { name: '', type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, info: 0, addralign: 0, entsize: 0 };
  return [
    { ...base, index: 0 },
    { ...base, index: 1, name: '.text', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, addr, size },
  ];
}

describe('SymbolIndex.byName', () => {
  it('prefers GLOBAL over WEAK over LOCAL, then table order', () => {
    const local = symbol('f', 0x10, 4, { binding: STB_LOCAL });
    const weak = symbol('f', 0x20, 4, { binding: STB_WEAK });
    const global = symbol('f', 0x30, 4);
    const later = symbol('f', 0x40, 4);
    expect(new SymbolIndex({ symbols: [local, weak, global, later], sections: [] }).byName('f')).toBe(global);
    expect(new SymbolIndex({ symbols: [local, weak], sections: [] }).byName('f')).toBe(weak);
    expect(new SymbolIndex({ symbols: [local], sections: [] }).byName('f')).toBe(local);
  });

  it('finds FUNC and OBJECT symbols only, and only defined ones', () => {
    const data = symbol('data', 0x100, 8, { type: STT_OBJECT });
    const symbols = [
      data,
      symbol('undefined', 0, 0, { sectionIndex: SHN_UNDEF }),
      symbol('label', 0x10, 0, { type: STT_NOTYPE }),
      symbol('', 0x10, 0, { type: STT_SECTION }),
      symbol('tls', 0, 8, { type: STT_TLS }),
    ];
    const index = new SymbolIndex({ symbols, sections: [] });
    expect(index.byName('data')).toBe(data);
    for (const name of ['undefined', 'label', '', 'tls', 'missing']) expect(index.byName(name)).toBeUndefined();
  });
});

describe('SymbolIndex.symbolAt', () => {
  it('finds the function whose [value, value + size) holds the address', () => {
    const f = symbol('f', 0x1000, 0x10);
    const g = symbol('g', 0x1020, 0x10);
    const index = new SymbolIndex({ symbols: [g, f, symbol('obj', 0x1010, 0x10, { type: STT_OBJECT })], sections: [] });
    expect(index.symbolAt(0x1000)).toBe(f);
    expect(index.symbolAt(0x100f)).toBe(f);
    expect(index.symbolAt(0x1010)).toBeUndefined();
    expect(index.symbolAt(0x102f)).toBe(g);
    expect(index.symbolAt(0x1030)).toBeUndefined();
    expect(index.symbolAt(0xfff)).toBeUndefined();
  });

  it('names aliases after the preferred binding and nested functions after the inner one', () => {
    const weakAlias = symbol('memcpy', 0x2000, 0x40, { binding: STB_WEAK });
    const global = symbol('__memcpy', 0x2000, 0x40);
    const inner = symbol('inner', 0x2010, 0x8, { binding: STB_LOCAL });
    const index = new SymbolIndex({ symbols: [weakAlias, global, inner], sections: [] });
    expect(index.symbolAt(0x2004)).toBe(global);
    expect(index.symbolAt(0x2012)).toBe(inner);
    expect(index.symbolAt(0x2018)).toBe(global);
  });

  it('counts IFUNC resolvers as code', () => {
    const resolver = symbol('strlen', 0x3000, 0x20, { type: STT_GNU_IFUNC });
    expect(new SymbolIndex({ symbols: [resolver], sections: [] }).symbolAt(0x3004)).toBe(resolver);
  });

  it('lets a zero-size function run to the next function or the end of its section', () => {
    const start = symbol('_start', 0x1000, 0);
    const main = symbol('main', 0x1040, 0x10);
    const tail = symbol('tail', 0x1060, 0);
    const index = new SymbolIndex({ symbols: [start, main, tail], sections: text(0x1000, 0x80) });
    expect(index.symbolAt(0x1020)).toBe(start);
    expect(index.symbolAt(0x1041)).toBe(main);
    expect(index.symbolAt(0x1050)).toBeUndefined();
    expect(index.symbolAt(0x107f)).toBe(tail);
    expect(index.symbolAt(0x1080)).toBeUndefined();
    const withoutSections = new SymbolIndex({ symbols: [tail], sections: [] });
    expect(withoutSections.symbolAt(0x1060)).toBe(tail);
    expect(withoutSections.symbolAt(0x1061)).toBeUndefined();
  });

  it('works on a parsed image', () => {
    const elf = parseElf(buildElfImage(staticExecutableSpec()).bytes, 'x');
    const index = new SymbolIndex(elf);
    expect(index.symbolAt(TEXT_ADDRESS + 4)?.name).toBe('_start');
    expect(index.symbolAt(TEXT_ADDRESS + 0x1f)?.name).toBe('main');
    expect(index.symbolAt(TEXT_ADDRESS + 0x35)?.name).toBe('helper');
    expect(index.byName('main')?.value).toBe(TEXT_ADDRESS + 0x10);
  });

  it('agrees with a linear scan for the innermost sized function', () => {
    const sized = fc.array(
      fc.record({ value: fc.integer({ min: 0, max: 0x400 }), size: fc.integer({ min: 1, max: 0x80 }) }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(sized, fc.array(fc.integer({ min: 0, max: 0x500 }), { maxLength: 40 }), (ranges, addresses) => {
        const symbols = ranges.map((range, i) => symbol(`f${i}`, range.value, range.size, { index: i + 1 }));
        const index = new SymbolIndex({ symbols, sections: [] });
        for (const address of addresses) {
          const containing = symbols.filter((s) => s.value <= address && address < s.value + s.size);
          const innermost = Math.max(...containing.map((s) => s.value));
          const found = index.symbolAt(address);
          if (containing.length === 0) expect(found).toBeUndefined();
          else expect(found?.value).toBe(innermost);
          if (found !== undefined) expect(containing).toContain(found);
        }
      }),
      { seed: 20240611, numRuns: 300 },
    );
  });
});
