import { protectionString } from '../memory/Protection.js';
import { type AddressSpace } from './AddressSpace.js';
import { type Vma, VmaFlags } from './Vma.js';

/** The column where Linux starts the pathname in /proc/pid/maps. */
const NAME_COLUMN = 73;

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

function nameOf(space: AddressSpace, vma: Vma): string | undefined {
  if (vma.name !== undefined) return vma.name;
  if (vma.backing.kind === 'file') return vma.backing.file.path;
  // Linux backs a shared anonymous mapping with an unlinked shmem file.
  if (vma.backing.kind === 'shared') return '/dev/zero (deleted)';
  if (space.brk > space.startBrk && vma.start < space.brk && vma.end > space.startBrk) return '[heap]';
  if (vma.start <= space.startStack && space.startStack < vma.end) return '[stack]';
  return undefined;
}

/** Renders the VMA list exactly as Linux formats /proc/pid/maps. */
export function renderMaps(space: AddressSpace): string {
  let out = '';
  for (const vma of space.vmas) {
    const backing = vma.backing;
    const [device, inode] = backing.kind === 'file' ? [backing.file.device, backing.file.inode] : backing.kind === 'shared' ? ['00:01', backing.object.inode] : ['00:00', 0];
    const offset = backing.kind === 'anonymous' ? 0 : backing.offset;
    const line = `${hex(vma.start, 8)}-${hex(vma.end, 8)} ${protectionString(vma.prot)}${vma.flags & VmaFlags.Shared ? 's' : 'p'} ${hex(offset, 8)} ${device} ${inode} `;
    const name = nameOf(space, vma);
    out += name === undefined ? `${line}\n` : `${line.padEnd(NAME_COLUMN)}${name}\n`;
  }
  return out;
}
