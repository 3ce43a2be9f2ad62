import { type ElfHeader, type ProgramHeader } from './ElfFile.js';
import { ElfFormatError } from './ElfFormatError.js';
import { MAX_TOTAL_LOAD_SIZE, PF_R, PF_W, PF_X, PT_LOAD } from './elfConstants.js';
import { hex } from './hex.js';

/**
 * Checks that the PT_LOAD segments form an image the loader can map: at least one, no two overlapping
 * in memory, a sane total size, and an entry point inside an executable one. Returns them in table order.
 */
export function validateLoadSegments(
  header: ElfHeader,
  programHeaders: readonly ProgramHeader[],
): ProgramHeader[] {
  const loads = programHeaders.filter((segment) => segment.type === PT_LOAD);
  if (loads.length === 0) {
    throw new ElfFormatError('no-load-segments', 'no PT_LOAD program headers, so nothing to load');
  }

  const total = loads.reduce((sum, segment) => sum + segment.memsz, 0);
  if (total > MAX_TOTAL_LOAD_SIZE) {
    throw new ElfFormatError(
      'absurd-size',
      `PT_LOAD segments add up to ${hex(total)} bytes of memory, ` +
        `more than the ${hex(MAX_TOTAL_LOAD_SIZE)} (64 GiB) limit`,
    );
  }

  checkOverlap(loads);
  checkEntry(header.entry, loads);
  return loads;
}

function checkOverlap(loads: readonly ProgramHeader[]): void {
  // Sorted by address, any overlap shows up between neighbours: a segment reaching past a later
  // segment's start also reaches past the start of every segment in between.
  const byAddress = loads.filter((segment) => segment.memsz > 0).sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < byAddress.length; i++) {
    const previous = byAddress[i - 1];
    const segment = byAddress[i];
    if (previous === undefined || segment === undefined || segment.vaddr >= end(previous)) continue;
    const [first, second] = previous.index < segment.index ? [previous, segment] : [segment, previous];
    throw new ElfFormatError(
      'segment-overlap',
      `program headers ${first.index} and ${second.index} (PT_LOAD) overlap in memory: ` +
        `${range(first)} and ${range(second)}`,
    );
  }
}

function checkEntry(entry: number, loads: readonly ProgramHeader[]): void {
  const holder = loads.find((segment) => segment.vaddr <= entry && entry < end(segment));
  if (holder === undefined) {
    throw new ElfFormatError('bad-entry', `entry point ${hex(entry)} is not inside any PT_LOAD segment`);
  }
  if ((holder.flags & PF_X) === 0) {
    throw new ElfFormatError(
      'entry-not-executable',
      `entry point ${hex(entry)} is in program header ${holder.index} (PT_LOAD, flags ${flagString(holder.flags)}), ` +
        'which is not executable',
    );
  }
}

function end(segment: ProgramHeader): number {
  return segment.vaddr + segment.memsz;
}

function range(segment: ProgramHeader): string {
  return `[${hex(segment.vaddr)}, ${hex(end(segment))})`;
}

function flagString(flags: number): string {
  return `${flags & PF_R ? 'r' : '-'}${flags & PF_W ? 'w' : '-'}${flags & PF_X ? 'x' : '-'}`;
}
