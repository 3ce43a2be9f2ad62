import { PAGE_SIZE } from './layout.js';

/**
 * One materialised 4 KiB page of guest memory. Permissions are a cache of the VMA that covers
 * the page; the VMA list is the truth.
 */
export class Page {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Decoded code exists for this page, so a write must invalidate it and may not use the write TLB. */
  hasCode = false;

  constructor(
    public prot: number,
    /** Pages above the user half are supervisor pages: user-mode code cannot touch them. */
    readonly supervisor: boolean,
    bytes?: Uint8Array,
  ) {
    this.bytes = bytes ?? new Uint8Array(PAGE_SIZE);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, PAGE_SIZE);
  }
}
