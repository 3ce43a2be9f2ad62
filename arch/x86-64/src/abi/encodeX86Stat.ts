import { type StatInfo } from '@ubp/core';

/** x86-64's `struct stat` (arch/x86/include/uapi/asm/stat.h), 144 bytes. */
export function encodeX86Stat(stat: StatInfo): Uint8Array {
  const out = new Uint8Array(144);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(stat.dev), true);
  view.setBigUint64(8, BigInt(stat.ino), true);
  view.setBigUint64(16, BigInt(stat.nlink), true);
  view.setUint32(24, stat.mode, true);
  view.setUint32(28, stat.uid, true);
  view.setUint32(32, stat.gid, true);
  view.setBigUint64(40, BigInt(stat.rdev), true);
  view.setBigInt64(48, BigInt(stat.size), true);
  view.setBigInt64(56, BigInt(stat.blksize), true);
  view.setBigInt64(64, BigInt(stat.blocks), true);
  const times = [stat.atimeNs, stat.mtimeNs, stat.ctimeNs];
  times.forEach((ns, i) => {
    view.setBigInt64(72 + 16 * i, ns / 1_000_000_000n, true);
    view.setBigInt64(80 + 16 * i, ns % 1_000_000_000n, true);
  });
  return out;
}
