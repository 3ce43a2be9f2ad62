import { type SharedMemory } from '../memory/SharedMemory.js';

/** What a VMA's pages are filled from on first touch. */
export type VmaBacking =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'file'; readonly file: MappedFile; readonly offset: number }
  /** MAP_SHARED | MAP_ANONYMOUS: pages shared with every process that maps the object. */
  | { readonly kind: 'shared'; readonly object: SharedMemory; readonly offset: number };

/** The bytes and identity of a file as it was when mapped (private mappings never write back). */
export interface MappedFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly device: string;
  readonly inode: number;
}

export const VmaFlags = {
  Shared: 1,
  GrowsDown: 2,
  /**
   * mseal'd (VM_SEALED): munmap, mprotect, mremap and a MAP_FIXED mapping over it fail with
   * EPERM. Kernels with CONFIG_MSEAL_SYSTEM_MAPPINGS seal the `[uprobes]` area this way.
   */
  Sealed: 4,
  /** VM_DONTCOPY: fork leaves it out of the child (the kernel's `[uprobes]` area is per process). */
  DontCopy: 8,
} as const;

/** One virtual memory area, as `struct vm_area_struct` describes it: [start, end), page aligned. */
export interface Vma {
  start: number;
  end: number;
  prot: number;
  flags: number;
  backing: VmaBacking;
  /** A name Linux gives a special mapping (`[uprobes]`, `[vdso]`); heap and stack are named at render time. */
  name?: string;
}

export function vmaFileOffset(vma: Vma, address: number): number {
  return vma.backing.kind === 'file' ? vma.backing.offset + (address - vma.start) : 0;
}

/** The backing of the part of `vma` that starts at `address` (after a split or a move). */
export function backingFrom(vma: Vma, address: number): VmaBacking {
  const backing = vma.backing;
  return backing.kind === 'anonymous' ? backing : { ...backing, offset: backing.offset + (address - vma.start) };
}

/** Whether two adjacent VMAs would be one in Linux (`vma_merge`). */
export function canMerge(left: Vma, right: Vma): boolean {
  if (left.end !== right.start || left.prot !== right.prot || left.flags !== right.flags || left.name !== right.name) {
    return false;
  }
  const a = left.backing;
  const b = right.backing;
  if (a.kind === 'anonymous' || b.kind === 'anonymous') return a.kind === b.kind;
  if (a.kind === 'file' && b.kind === 'file') return a.file === b.file && a.offset + (left.end - left.start) === b.offset;
  if (a.kind === 'shared' && b.kind === 'shared') return a.object === b.object && a.offset + (left.end - left.start) === b.offset;
  return false;
}
