import { PAGE_SIZE } from './layout.js';

let nextInode = 1;

/**
 * The pages of a MAP_SHARED anonymous mapping (shmem in Linux): every process that maps it, the
 * forked children included, sees the same bytes, because their Page objects wrap the same arrays.
 */
export class SharedMemory {
  private readonly pages = new Map<number, Uint8Array>();
  /** Shown in /proc/pid/maps, as Linux shows the inode of the shmem file behind the mapping. */
  readonly inode = nextInode++;

  /** The bytes of page `index` of the object, zero-filled on first use. */
  page(index: number): Uint8Array {
    let bytes = this.pages.get(index);
    if (bytes === undefined) {
      bytes = new Uint8Array(PAGE_SIZE);
      this.pages.set(index, bytes);
    }
    return bytes;
  }
}
