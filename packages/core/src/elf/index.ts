export * from './elfConstants.js';
export type { ElfFile, ElfHeader, ElfSymbol, ElfWarning, ProgramHeader, SectionHeader } from './ElfFile.js';
export { type ElfErrorCode, ElfFormatError } from './ElfFormatError.js';
export { parseElf } from './parseElf.js';
export { segmentTypeName } from './segmentTypeName.js';
export { SymbolIndex } from './SymbolIndex.js';
