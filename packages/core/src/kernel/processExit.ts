import { Signal, SIGNAL_COUNT } from '../signals/Signal.js';
import { SaFlags, SIG_IGN } from '../signals/SignalAction.js';
import { type Kernel } from './Kernel.js';
import { INIT_PID, type Process, type Termination } from './Process.js';
import { childState } from './waitStatus.js';

/**
 * do_exit of a whole thread group (exit_group, the last thread's exit, a fatal signal): every
 * task ends, its interval timer stops, the descriptors are released (so a pipe's reader sees end of file once no writer is
 * left), a parent blocked in vfork goes on, the children pass to init, and the parent hears of it.
 * The process then stays a zombie holding its termination until its parent reaps it.
 */
export function endProcess(kernel: Kernel, process: Process, termination: Termination): void {
  if (process.termination !== undefined) return;
  process.termination = termination;
  for (const task of process.tasks) if (!task.exited) kernel.exitTask(task);
  process.fds.release();
  kernel.realTimers.set(process, undefined);
  process.vforkParent = undefined;
  for (const child of kernel.processes.values()) {
    if (child.ppid !== process.pid) continue;
    child.ppid = INIT_PID;
    // init reaps the zombies it inherits.
    if (child.termination !== undefined) kernel.processes.delete(child.pid);
  }
  notifyParent(kernel, process, termination);
}

/**
 * do_notify_parent: the child's exit signal (SIGCHLD after fork) goes to the parent with the
 * child's pid and status. A parent that does not wait for its children (SIGCHLD ignored, or
 * SA_NOCLDWAIT) has them reaped at once, as has init, which is outside the emulation.
 */
function notifyParent(kernel: Kernel, child: Process, termination: Termination): void {
  const parent = kernel.processes.get(child.ppid);
  if (parent === undefined) {
    kernel.processes.delete(child.pid);
    return;
  }
  const action = kernel.signals.action(parent, Signal.SIGCHLD);
  const autoReap = child.exitSignal === Signal.SIGCHLD && (action.handler === SIG_IGN || (action.flags & SaFlags.SA_NOCLDWAIT) !== 0);
  if (child.exitSignal !== 0 && child.exitSignal <= SIGNAL_COUNT) {
    const { code, status } = childState(termination);
    kernel.signals.sendToProcess(parent, { signo: child.exitSignal, code, pid: child.pid, uid: kernel.config.credentials.uid, status });
  }
  if (autoReap) kernel.processes.delete(child.pid);
}
