import { type BigIntStats } from 'node:fs';
import { type StatInfo } from './StatInfo.js';

/** A host stat record as the guest sees it: the owner is the guest's own user. */
export function fromHostStat(stats: BigIntStats): StatInfo {
  return {
    dev: Number(stats.dev & 0xffffffffn),
    ino: Number(stats.ino & 0x1fffffffffffffn),
    mode: Number(stats.mode),
    nlink: Number(stats.nlink),
    uid: Number(stats.uid),
    gid: Number(stats.gid),
    rdev: Number(stats.rdev & 0xffffffffn),
    size: Number(stats.size),
    blksize: Number(stats.blksize),
    blocks: Number(stats.blocks),
    atimeNs: stats.atimeNs,
    mtimeNs: stats.mtimeNs,
    ctimeNs: stats.ctimeNs,
  };
}
