/** How a fetch argument's value is read and printed (the uprobe_events TYPE). */
export type FetchType = 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64' | 'x8' | 'x16' | 'x32' | 'x64' | 'string';

/** Where a fetch argument's value comes from. */
export type FetchSource =
  | { readonly kind: 'register'; readonly name: string }
  | { readonly kind: 'memory'; readonly address: number }
  /** @+OFFSET: memory at a file offset of the probed executable. */
  | { readonly kind: 'file-offset'; readonly offset: number }
  | { readonly kind: 'stack'; readonly entry: number | undefined }
  | { readonly kind: 'retval' }
  | { readonly kind: 'comm' }
  | { readonly kind: 'deref'; readonly offset: number; readonly base: FetchSource };

export interface FetchArgument {
  readonly name: string;
  readonly source: FetchSource;
  readonly type: FetchType;
}

/** One line of the kernel's uprobe_events syntax, parsed. */
export interface UprobeEvent {
  readonly returnProbe: boolean;
  readonly group: string;
  readonly event: string;
  readonly path: string;
  /** Where the probe goes: a file offset (PATH:OFFSET) or a symbol (PATH:SYMBOL[+offs], the older syntax). */
  readonly location: { readonly kind: 'offset'; readonly offset: number } | { readonly kind: 'symbol'; readonly symbol: string; readonly offset: number };
  readonly args: readonly FetchArgument[];
}
