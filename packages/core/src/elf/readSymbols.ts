import { type ElfSymbol, type ElfWarning, type SectionHeader } from './ElfFile.js';
import { ElfFormatError } from './ElfFormatError.js';
import { type ElfReader } from './ElfReader.js';
import { StringTable } from './StringTable.js';
import { ELF64_SYM_SIZE, SHT_DYNSYM, SHT_SYMTAB } from './elfConstants.js';
import { hex } from './hex.js';
import { quoteName } from './quoteName.js';
import { recoverFormatError } from './recoverFormatError.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Symbols from .symtab, else .dynsym (stripped programs keep only the latter). Symbols are optional,
 * so a damaged table becomes a warning and the other one is tried. Only the first table of each type
 * counts: trying every one would let a file list one big table many times and cost quadratic time.
 */
export function readSymbols(
  reader: ElfReader,
  sections: readonly SectionHeader[],
  warnings: ElfWarning[],
): ElfSymbol[] {
  const candidates = [SHT_SYMTAB, SHT_DYNSYM].flatMap((type) => sections.find((section) => section.type === type) ?? []);
  for (const table of candidates) {
    const symbols = recoverFormatError(warnings, undefined, () => readSymbolTable(reader, sections, table, warnings));
    if (symbols !== undefined) return symbols;
  }
  return [];
}

function readSymbolTable(
  reader: ElfReader,
  sections: readonly SectionHeader[],
  table: SectionHeader,
  warnings: ElfWarning[],
): ElfSymbol[] {
  const what = `symbol table ${quoteName(table.name)} (section ${table.index})`;
  if (table.entsize !== ELF64_SYM_SIZE) {
    throw new ElfFormatError('bad-symtab', `${what} has entry size ${table.entsize}, expected ${ELF64_SYM_SIZE}`);
  }
  if (table.size % ELF64_SYM_SIZE !== 0) {
    throw new ElfFormatError(
      'bad-symtab',
      `${what} has size ${hex(table.size)}, not a multiple of the entry size (${ELF64_SYM_SIZE})`,
    );
  }
  if (table.offset + table.size > reader.size) {
    throw new ElfFormatError(
      'bad-symtab',
      `${what} at file offset ${hex(table.offset)} + size ${hex(table.size)} ` +
        `lies past the end of the file (${hex(reader.size)} bytes)`,
    );
  }
  const namesSection = sections[table.link];
  if (namesSection === undefined) {
    throw new ElfFormatError(
      'bad-symtab',
      `${what} links to string table section ${table.link}, which does not exist (${sections.length} sections)`,
    );
  }
  const names = StringTable.fromSection(
    reader,
    namesSection,
    'bad-symtab',
    `string table ${quoteName(namesSection.name)} (section ${namesSection.index}) of ${what}`,
  );

  const symbols: ElfSymbol[] = [];
  let unrepresentable = 0;
  // Entry 0 is the reserved null symbol.
  for (let index = 1; index < table.size / ELF64_SYM_SIZE; index++) {
    const at = table.offset + index * ELF64_SYM_SIZE;
    const value = reader.u64(at + 8);
    const size = reader.u64(at + 16);
    // Only absolute symbols can hold such values, and nothing a program runs refers to them.
    if (value > MAX_SAFE || size > MAX_SAFE) {
      unrepresentable++;
      continue;
    }
    const info = reader.u8(at + 4);
    symbols.push({
      index,
      name: names.at(reader.u32(at)),
      value: Number(value),
      size: Number(size),
      type: info & 0xf,
      binding: info >> 4,
      visibility: reader.u8(at + 5) & 0x3,
      sectionIndex: reader.u16(at + 6),
    });
  }
  if (unrepresentable > 0) {
    warnings.push({
      code: 'bad-symtab',
      message: `${what}: skipped ${unrepresentable} symbol(s) whose value or size is beyond 2^53`,
    });
  }
  return symbols;
}
