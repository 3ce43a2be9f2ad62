import { PAGE_SIZE, pageDown } from '../memory/layout.js';
import { Page } from '../memory/Page.js';
import { Protection } from '../memory/Protection.js';
import { type AddressSpace } from '../process/AddressSpace.js';
import { VmaFlags } from '../process/Vma.js';
import { type XolPlacement } from './XolPlacement.js';

/**
 * A special mapping named `[uprobes]`, execute-only like Linux's (`--xp` in maps), placed by
 * get_unmapped_area from a hint. The guest sees it; it is sealed, as kernels with
 * CONFIG_MSEAL_SYSTEM_MAPPINGS seal it, so munmap, mprotect, mremap or MAP_FIXED over it fail
 * with EPERM instead of leaving the strategy a slot that is gone. Like Linux's (VM_DONTCOPY),
 * a forked child does not inherit it: the child gets its own when it first needs one.
 */
export function vmaPlacement(hint: (space: AddressSpace) => number): XolPlacement {
  return {
    visible: true,
    privileged: false,
    create: (space) => space.map({ address: hint(space), length: PAGE_SIZE, prot: Protection.Exec, flags: VmaFlags.Sealed | VmaFlags.DontCopy, name: '[uprobes]' }),
  };
}

/** Linux's hint: as high as possible (TASK_SIZE - PAGE_SIZE), which lands just below the stack gap. */
export function highestFree(space: AddressSpace): number {
  return space.layout.taskSize - PAGE_SIZE;
}

/** Just below the program's lowest mapping: within a rel32 jump (or an arm64 B) of its code. */
export function nearCode(space: AddressSpace): number {
  const lowest = space.vmas[0];
  if (lowest === undefined || lowest.start - PAGE_SIZE < space.layout.mmapMinAddr) return highestFree(space);
  return pageDown(lowest.start) - PAGE_SIZE;
}

/**
 * One page at a fixed user address that is not a VMA: invisible in maps, but the address range
 * is reserved, so mmap avoids it and MAP_FIXED over it fails.
 */
export function reservedPagePlacement(address: (space: AddressSpace) => number): XolPlacement {
  return {
    visible: false,
    privileged: false,
    create: (space) => {
      const at = address(space);
      space.reserve({ start: at, end: at + PAGE_SIZE });
      space.memory.install(at / PAGE_SIZE, new Page(Protection.Exec, false));
      return at;
    },
  };
}

/** The top of the user mmap area, below the stack gap: where the reserved XOL page sits. */
export function mmapTop(space: AddressSpace): number {
  return space.layout.mmapBase;
}

/** A kernel-half address for the kernel-space XOL page (0xffffffffff000000, canonical). */
export const KERNEL_XOL_ADDRESS = -0x1000000;

/** A supervisor page in the kernel half: user mode cannot touch it, code there runs at an intermediate privilege. */
export function kernelPagePlacement(): XolPlacement {
  return {
    visible: false,
    privileged: true,
    create: (space) => {
      space.memory.install(KERNEL_XOL_ADDRESS / PAGE_SIZE, new Page(Protection.Read | Protection.Exec, true));
      return KERNEL_XOL_ADDRESS;
    },
  };
}
