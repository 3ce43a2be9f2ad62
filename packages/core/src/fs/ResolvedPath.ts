import { type StatInfo } from './StatInfo.js';
import { type VirtualNode } from './VirtualNode.js';

/** Where a guest path leads, after `..` and symbolic links are resolved inside the root. */
export type ResolvedPath =
  | { readonly kind: 'host'; readonly guestPath: string; readonly hostPath: string; readonly stat: StatInfo }
  | { readonly kind: 'virtual'; readonly guestPath: string; readonly node: VirtualNode }
  /** The last component does not exist; its parent does (a host directory), so it can be created. */
  | { readonly kind: 'missing'; readonly guestPath: string; readonly hostPath: string };
