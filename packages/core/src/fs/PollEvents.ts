/** poll(2) event bits (include/uapi/asm-generic/poll.h: the values of x86-64 and arm64). */
export const PollEvents = {
  POLLIN: 0x1,
  POLLPRI: 0x2,
  POLLOUT: 0x4,
  POLLERR: 0x8,
  POLLHUP: 0x10,
  POLLNVAL: 0x20,
  POLLRDNORM: 0x40,
  POLLWRNORM: 0x100,
  POLLWRBAND: 0x200,
  POLLRDHUP: 0x2000,
} as const;

/**
 * What a file without a poll method of its own reports, as Linux's DEFAULT_POLLMASK: always
 * readable and writable (regular files, directories, /dev/null and /dev/zero, /proc files).
 */
export const DEFAULT_POLLMASK = PollEvents.POLLIN | PollEvents.POLLOUT | PollEvents.POLLRDNORM | PollEvents.POLLWRNORM;
