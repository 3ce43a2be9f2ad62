import { type ElfHeader, type ElfWarning, type SectionHeader } from './ElfFile.js';
import { ElfFormatError } from './ElfFormatError.js';
import { type ElfReader } from './ElfReader.js';
import { StringTable } from './StringTable.js';
import { ELF64_SHDR_SIZE, SHN_UNDEF, SHN_XINDEX } from './elfConstants.js';
import { hex } from './hex.js';
import { recoverFormatError } from './recoverFormatError.js';

/**
 * Reads the section header table and names its sections. Sections are optional for running a program,
 * so defects become warnings: a broken table yields no sections, a broken name table yields unnamed ones.
 */
export function readSectionHeaders(reader: ElfReader, header: ElfHeader, warnings: ElfWarning[]): SectionHeader[] {
  const table = recoverFormatError(warnings, [], () => readTable(reader, header));
  const unnamed = table.map((entry) => entry.section);
  return recoverFormatError(warnings, unnamed, () => nameSections(reader, header, table));
}

interface TableEntry {
  readonly section: SectionHeader;
  readonly nameOffset: number;
}

function readTable(reader: ElfReader, header: ElfHeader): TableEntry[] {
  if (header.shoff === 0) return [];
  if (header.shentsize !== ELF64_SHDR_SIZE) {
    throw new ElfFormatError(
      'bad-section-table',
      `section header entries are ${header.shentsize} bytes (e_shentsize), expected ${ELF64_SHDR_SIZE}`,
    );
  }
  if (!Number.isSafeInteger(header.shoff)) {
    throw new ElfFormatError('bad-section-table', 'section header table offset (e_shoff) is beyond 2^53');
  }
  checkTableFits(reader, header.shoff, 1);
  // With 0xff00 sections or more, e_shnum is 0 and section 0's sh_size holds the count.
  const count = header.shnum === 0 ? readSection(reader, header.shoff, 0).section.size : header.shnum;
  checkTableFits(reader, header.shoff, count);

  const entries: TableEntry[] = [];
  for (let index = 0; index < count; index++) {
    entries.push(readSection(reader, header.shoff + index * ELF64_SHDR_SIZE, index));
  }
  return entries;
}

function checkTableFits(reader: ElfReader, shoff: number, count: number): void {
  if (shoff + count * ELF64_SHDR_SIZE > reader.size) {
    throw new ElfFormatError(
      'bad-section-table',
      `section header table at file offset ${hex(shoff)} (${count} x ${ELF64_SHDR_SIZE} bytes) ` +
        `extends past the end of the file (${hex(reader.size)} bytes)`,
    );
  }
}

function readSection(reader: ElfReader, at: number, index: number): TableEntry {
  const field = (name: string, offset: number): number => {
    const value = reader.u64(at + offset);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new ElfFormatError('bad-section-table', `section ${index} has ${name} ${hex(value)}, beyond 2^53`);
    }
    return Number(value);
  };
  const section = {
    index,
    name: '',
    type: reader.u32(at + 4),
    flags: field('sh_flags', 8),
    addr: field('sh_addr', 16),
    offset: field('sh_offset', 24),
    size: field('sh_size', 32),
    link: reader.u32(at + 40),
    info: reader.u32(at + 44),
    addralign: field('sh_addralign', 48),
    entsize: field('sh_entsize', 56),
  };
  return { section, nameOffset: reader.u32(at) };
}

function nameSections(reader: ElfReader, header: ElfHeader, table: readonly TableEntry[]): SectionHeader[] {
  const first = table[0];
  if (first === undefined) return [];
  // Like the count, an index too large for e_shstrndx is deferred to section 0 (its sh_link).
  const namesIndex = header.shstrndx === SHN_XINDEX ? first.section.link : header.shstrndx;
  if (namesIndex === SHN_UNDEF) return table.map((entry) => entry.section);
  const namesSection = table[namesIndex]?.section;
  if (namesSection === undefined) {
    throw new ElfFormatError(
      'bad-string-table',
      `section name table index ${namesIndex} is out of range (${table.length} sections)`,
    );
  }
  const names = StringTable.fromSection(
    reader,
    namesSection,
    'bad-string-table',
    `section name table (section ${namesIndex})`,
  );
  return table.map((entry) => ({ ...entry.section, name: names.at(entry.nameOffset) }));
}
