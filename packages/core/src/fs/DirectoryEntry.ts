/** One entry returned by getdents64; `type` is the DT_* code. */
export interface DirectoryEntry {
  readonly name: string;
  readonly ino: number;
  readonly type: number;
}

export const DirentType = {
  DT_UNKNOWN: 0,
  DT_FIFO: 1,
  DT_CHR: 2,
  DT_DIR: 4,
  DT_REG: 8,
  DT_LNK: 10,
  DT_SOCK: 12,
} as const;
