import { type GuestMemory } from '../memory/GuestMemory.js';

/** Builds the initial stack downwards from its top, as the kernel's exec code does. */
export class StackWriter {
  constructor(
    private readonly memory: GuestMemory,
    public sp: number,
  ) {}

  /** Copies bytes below the current position and returns their address. */
  pushBytes(bytes: Uint8Array): number {
    this.sp -= bytes.length;
    this.memory.poke(this.sp, bytes);
    return this.sp;
  }

  pushString(text: Uint8Array): number {
    const withNul = new Uint8Array(text.length + 1);
    withNul.set(text);
    return this.pushBytes(withNul);
  }

  align(bytes: number): void {
    this.sp -= ((this.sp % bytes) + bytes) % bytes;
  }

  /** Writes 64-bit words upwards from `at`. */
  writeWords(at: number, words: readonly number[]): void {
    const bytes = new Uint8Array(words.length * 8);
    const view = new DataView(bytes.buffer);
    words.forEach((word, i) => view.setBigUint64(i * 8, BigInt.asUintN(64, BigInt(word)), true));
    this.memory.poke(at, bytes);
  }
}
