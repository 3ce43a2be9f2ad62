/** What stat(2) reports, arch-neutral; the syscall ABI encodes it into its own `struct stat`. */
export interface StatInfo {
  dev: number;
  ino: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  size: number;
  blksize: number;
  blocks: number;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

export const FileType = {
  S_IFIFO: 0o010000,
  S_IFCHR: 0o020000,
  S_IFDIR: 0o040000,
  S_IFBLK: 0o060000,
  S_IFREG: 0o100000,
  S_IFLNK: 0o120000,
  S_IFSOCK: 0o140000,
  S_IFMT: 0o170000,
} as const;

/** A stat record for things that exist only in the emulator (pipes, /dev nodes, /proc files). */
export function syntheticStat(mode: number, size: number, ino: number, rdev = 0): StatInfo {
  return {
    dev: 5,
    ino,
    mode,
    nlink: 1,
    uid: 0,
    gid: 0,
    rdev,
    size,
    blksize: 4096,
    blocks: Math.ceil(size / 512),
    atimeNs: 0n,
    mtimeNs: 0n,
    ctimeNs: 0n,
  };
}
