/**
 * Thrown by a syscall that must wait (an empty pipe, a full pipe, a futex...). The kernel parks
 * the task and restarts the syscall when something may have changed; with no other task able
 * to make progress, the run ends with a deadlock report instead of hanging.
 */
export class WouldBlock {
  constructor(readonly reason: string) {}
}
