import { type ElfFile, type ElfWarning } from './ElfFile.js';
import { ElfReader } from './ElfReader.js';
import { ET_DYN, PT_GNU_STACK, PT_TLS } from './elfConstants.js';
import { findProgramHeadersAddress } from './findProgramHeadersAddress.js';
import { readElfHeader } from './readElfHeader.js';
import { readInterpreter } from './readInterpreter.js';
import { readProgramHeaders } from './readProgramHeaders.js';
import { readSectionHeaders } from './readSectionHeaders.js';
import { readSymbols } from './readSymbols.js';
import { validateLoadSegments } from './validateLoadSegments.js';

/**
 * Parses an ELF64 little-endian executable (ET_EXEC or ET_DYN, any machine).
 *
 * Throws only ElfFormatError, with a one-line message that does not name the file (`displayName` is
 * kept on the result for the caller's messages). Defects in what the loader needs are fatal; defects in
 * sections and symbols become `warnings`. Work and memory stay proportional to the file size whatever
 * counts the file claims.
 */
export function parseElf(bytes: Uint8Array, displayName: string): ElfFile {
  const reader = new ElfReader(bytes);
  const header = readElfHeader(reader);
  const programHeaders = readProgramHeaders(reader, header);
  const loadSegments = validateLoadSegments(header, programHeaders);
  const interpreter = readInterpreter(reader, programHeaders);
  const warnings: ElfWarning[] = [];
  const sections = readSectionHeaders(reader, header, warnings);
  const symbols = readSymbols(reader, sections, warnings);

  return {
    displayName,
    header,
    programHeaders,
    loadSegments,
    sections,
    symbols,
    isStaticPie: header.type === ET_DYN && interpreter === undefined,
    interpreter,
    tls: programHeaders.find((segment) => segment.type === PT_TLS),
    gnuStack: programHeaders.find((segment) => segment.type === PT_GNU_STACK),
    programHeadersAddress: findProgramHeadersAddress(header, programHeaders),
    warnings,
  };
}
