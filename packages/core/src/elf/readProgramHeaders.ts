import { type ElfHeader, type ProgramHeader } from './ElfFile.js';
import { ElfFormatError } from './ElfFormatError.js';
import { type ElfReader } from './ElfReader.js';
import { ELF64_PHDR_SIZE, ELF_PAGE_SIZE, PT_LOAD, PT_TLS, USER_ADDRESS_LIMIT } from './elfConstants.js';
import { hex } from './hex.js';
import { segmentTypeName } from './segmentTypeName.js';

const LIMIT = BigInt(USER_ADDRESS_LIMIT);
const PAGE = BigInt(ELF_PAGE_SIZE);

/**
 * Reads every program header and checks each one on its own; how the PT_LOAD segments fit together is
 * validateLoadSegments' job. The header reader has already checked that the table lies in the file.
 */
export function readProgramHeaders(reader: ElfReader, header: ElfHeader): ProgramHeader[] {
  const programHeaders: ProgramHeader[] = [];
  for (let index = 0; index < header.phnum; index++) {
    programHeaders.push(readProgramHeader(reader, header.phoff + index * ELF64_PHDR_SIZE, index));
  }
  return programHeaders;
}

function readProgramHeader(reader: ElfReader, at: number, index: number): ProgramHeader {
  const type = reader.u32(at);
  const flags = reader.u32(at + 4);
  const offset = reader.u64(at + 8);
  const vaddr = reader.u64(at + 16);
  const filesz = reader.u64(at + 32);
  const memsz = reader.u64(at + 40);
  const align = reader.u64(at + 48);
  const what = `program header ${index} (${segmentTypeName(type)})`;

  if (offset + filesz > BigInt(reader.size)) {
    throw new ElfFormatError(
      'segment-out-of-file',
      `${what} has file offset ${hex(offset)} + size ${hex(filesz)} ` +
        `past the end of the file (${hex(reader.size)} bytes)`,
    );
  }
  // Only these two have memory images that file contents initialise; other types repeat sizes loosely.
  if ((type === PT_LOAD || type === PT_TLS) && filesz > memsz) {
    throw new ElfFormatError(
      'filesz-exceeds-memsz',
      `${what} has file size ${hex(filesz)} larger than its memory size ${hex(memsz)}`,
    );
  }
  if (memsz > LIMIT) {
    throw new ElfFormatError(
      'absurd-size',
      `${what} has memory size ${hex(memsz)}, larger than the 47-bit user address space (${hex(LIMIT)})`,
    );
  }
  if (vaddr + memsz > LIMIT) {
    throw new ElfFormatError(
      'bad-address',
      `${what} occupies [${hex(vaddr)}, ${hex(vaddr + memsz)}), ` +
        `beyond the 47-bit user address space (${hex(LIMIT)})`,
    );
  }
  if (align > LIMIT) {
    throw new ElfFormatError('bad-alignment', `${what} has alignment ${hex(align)}, larger than the address space`);
  }
  if (align > 1n && (align & (align - 1n)) !== 0n) {
    throw new ElfFormatError('bad-alignment', `${what} has alignment ${hex(align)}, which is not a power of two`);
  }
  if (type === PT_LOAD && vaddr % PAGE !== offset % PAGE) {
    throw new ElfFormatError(
      'bad-alignment',
      `${what} has address ${hex(vaddr)} and file offset ${hex(offset)}, ` +
        `which differ modulo the page size (${hex(PAGE)}), so it cannot be mapped`,
    );
  }

  return {
    index,
    type,
    flags,
    offset: Number(offset),
    vaddr: Number(vaddr),
    filesz: Number(filesz),
    memsz: Number(memsz),
    align: Number(align),
  };
}
