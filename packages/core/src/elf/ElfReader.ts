/**
 * Little-endian field access over the file bytes. Callers check ranges before reading, so that an
 * out-of-range read surfaces as a precise ElfFormatError instead of a RangeError from here.
 */
export class ElfReader {
  readonly bytes: Uint8Array;
  readonly size: number;
  private readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.size = bytes.byteLength;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u8(offset: number): number {
    return this.view.getUint8(offset);
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }

  /** A bigint, so that range checks on hostile values stay exact and messages show the real number. */
  u64(offset: number): bigint {
    return this.view.getBigUint64(offset, true);
  }
}
