import { cloneSyscalls } from './cloneSyscalls.js';
import { execSyscalls } from './execSyscalls.js';
import { fileSyscalls } from './fileSyscalls.js';
import { memorySyscalls } from './memorySyscalls.js';
import { pathSyscalls } from './pathSyscalls.js';
import { pollSyscalls } from './pollSyscalls.js';
import { processGroupSyscalls } from './processGroupSyscalls.js';
import { processSyscalls } from './processSyscalls.js';
import { signalSyscalls } from './signalSyscalls.js';
import { socketSyscalls } from './socketSyscalls.js';
import { type SyscallTable } from './SyscallContext.js';
import { systemSyscalls } from './systemSyscalls.js';
import { timerSyscalls } from './timerSyscalls.js';
import { timeSyscalls } from './timeSyscalls.js';
import { waitSyscalls } from './waitSyscalls.js';

/** Every generic syscall the kernel implements, by name; each architecture maps its numbers onto these. */
export const linuxSyscalls: SyscallTable = {
  ...fileSyscalls,
  ...pathSyscalls,
  ...memorySyscalls,
  ...pollSyscalls,
  ...socketSyscalls,
  ...signalSyscalls,
  ...processSyscalls,
  ...processGroupSyscalls,
  ...cloneSyscalls,
  ...execSyscalls,
  ...timeSyscalls,
  ...timerSyscalls,
  ...systemSyscalls,
  ...waitSyscalls,
};
