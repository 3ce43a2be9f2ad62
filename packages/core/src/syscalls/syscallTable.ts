import { fileSyscalls } from './fileSyscalls.js';
import { memorySyscalls } from './memorySyscalls.js';
import { pathSyscalls } from './pathSyscalls.js';
import { pollSyscalls } from './pollSyscalls.js';
import { processSyscalls } from './processSyscalls.js';
import { signalSyscalls } from './signalSyscalls.js';
import { type SyscallTable } from './SyscallContext.js';
import { systemSyscalls } from './systemSyscalls.js';
import { threadSyscalls } from './threadSyscalls.js';
import { timeSyscalls } from './timeSyscalls.js';

/** Every generic syscall the kernel implements, by name; each architecture maps its numbers onto these. */
export const linuxSyscalls: SyscallTable = {
  ...fileSyscalls,
  ...pathSyscalls,
  ...memorySyscalls,
  ...pollSyscalls,
  ...signalSyscalls,
  ...processSyscalls,
  ...threadSyscalls,
  ...timeSyscalls,
  ...systemSyscalls,
};
