import { type SectionHeader } from './ElfFile.js';
import { type ElfErrorCode, ElfFormatError } from './ElfFormatError.js';
import { type ElfReader } from './ElfReader.js';
import { SHT_STRTAB } from './elfConstants.js';
import { hex } from './hex.js';

const decoder = new TextDecoder();

/** Headroom for the legitimate sharing of name tails that linkers do when merging strings. */
const DECODE_BUDGET_FACTOR = 16;
const DECODE_BUDGET_SLACK = 0x10000;

/**
 * NUL-terminated names from an ELF string table. Entries may point into the middle of other names, so
 * a hostile table could make N lookups decode N^2 bytes; a decode budget proportional to the table size
 * turns that into an error instead of a hang.
 */
export class StringTable {
  private readonly bytes: Uint8Array;
  private readonly code: ElfErrorCode;
  private readonly what: string;
  private readonly cache = new Map<number, string>();
  private budget: number;

  private constructor(bytes: Uint8Array, code: ElfErrorCode, what: string) {
    this.bytes = bytes;
    this.code = code;
    this.what = what;
    this.budget = bytes.length * DECODE_BUDGET_FACTOR + DECODE_BUDGET_SLACK;
  }

  /** Failures throw ElfFormatError with `code`, their message starting with `what`, which names the section. */
  static fromSection(reader: ElfReader, section: SectionHeader, code: ElfErrorCode, what: string): StringTable {
    if (section.type !== SHT_STRTAB) {
      throw new ElfFormatError(code, `${what} has type ${section.type}, not SHT_STRTAB`);
    }
    if (section.offset + section.size > reader.size) {
      throw new ElfFormatError(
        code,
        `${what} at file offset ${hex(section.offset)} + size ${hex(section.size)} ` +
          `lies past the end of the file (${hex(reader.size)} bytes)`,
      );
    }
    const bytes = reader.bytes.subarray(section.offset, section.offset + section.size);
    // A final NUL guarantees that every lookup finds its terminator inside the table.
    if (bytes[bytes.length - 1] !== 0) {
      throw new ElfFormatError(code, `${what} does not end with a NUL byte`);
    }
    return new StringTable(bytes, code, what);
  }

  at(offset: number): string {
    const cached = this.cache.get(offset);
    if (cached !== undefined) return cached;
    if (offset >= this.bytes.length) {
      throw new ElfFormatError(
        this.code,
        `${this.what}: name offset ${hex(offset)} is past the end of the table (${hex(this.bytes.length)} bytes)`,
      );
    }
    const end = this.bytes.indexOf(0, offset);
    this.budget -= end - offset;
    if (this.budget < 0) {
      throw new ElfFormatError(this.code, `${this.what}: names overlap far more than any linker produces`);
    }
    const name = decoder.decode(this.bytes.subarray(offset, end));
    this.cache.set(offset, name);
    return name;
  }
}
