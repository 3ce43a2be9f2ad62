import { type StatInfo } from './StatInfo.js';

/** Where a guest's standard stream really goes: a host descriptor, or a buffer (for `ubp compare`). */
export interface StdioEndpoint {
  read(buffer: Uint8Array): number;
  write(data: Uint8Array): number;
  stat(): StatInfo;
  readonly terminal: boolean;
}
