import { type ElfHeader, type ProgramHeader } from './ElfFile.js';
import { ELF64_PHDR_SIZE, PT_LOAD, PT_PHDR } from './elfConstants.js';

/**
 * Where the program header table sits in memory before the load bias (the AT_PHDR the C library reads
 * to find PT_TLS and friends): PT_PHDR when present, else the PT_LOAD whose file bytes hold the table.
 */
export function findProgramHeadersAddress(
  header: ElfHeader,
  programHeaders: readonly ProgramHeader[],
): number | undefined {
  const phdr = programHeaders.find((segment) => segment.type === PT_PHDR);
  if (phdr !== undefined) return phdr.vaddr;

  const tableEnd = header.phoff + header.phnum * ELF64_PHDR_SIZE;
  const holder = programHeaders.find(
    (segment) =>
      segment.type === PT_LOAD && segment.offset <= header.phoff && tableEnd <= segment.offset + segment.filesz,
  );
  return holder === undefined ? undefined : holder.vaddr + (header.phoff - holder.offset);
}
