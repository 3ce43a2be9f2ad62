import { type SignalAction, SIG_IGN } from '../signals/SignalAction.js';
import { type Kernel } from './Kernel.js';
import { enterImage, type LoadedImage } from './programImage.js';
import { releaseRobustList } from './robustList.js';
import { SS_DISABLE, type Task } from './Task.js';

/**
 * The point of no return of execve (begin_new_exec), once the new program is loaded: the other
 * threads end and the caller becomes the leader; memory still shared with another process
 * (vfork) hears of the caller's CLONE_CHILD_CLEARTID word and is left to it; the robust mutexes
 * the caller still holds are marked as their owner's death; a vfork parent goes
 * on; a descriptor table shared with another process is unshared and the close-on-exec
 * descriptors close; caught signals return to their default action (ignored ones stay ignored),
 * in a table of the process's own; the alternate stack is gone; the mask and pending signals
 * stay. Then the task starts the new image, and trap handlers (the uprobes layer) hear of it.
 */
export function execProgram(kernel: Kernel, task: Task, loaded: LoadedImage): void {
  const process = task.process;
  const previous = { image: process.image, executable: process.executable };
  for (const other of process.tasks) if (other !== task && !other.exited) kernel.exitTask(other);
  process.tasks.splice(0, process.tasks.length, task);
  task.tid = process.pid;
  if ([...kernel.processes.values()].some((p) => p !== process && p.space === process.space && p.termination === undefined)) kernel.clearChildTid(task);
  task.clearChildTid = 0;
  releaseRobustList(task, kernel.futexes);
  process.vforkParent = undefined;
  if (process.fds.shared) {
    const own = process.fds.duplicate();
    process.fds.release();
    process.fds = own;
  }
  process.fds.closeOnExec();
  const actions = new Map<number, SignalAction>();
  for (const [signal, action] of process.actions) if (action.handler === SIG_IGN) actions.set(signal, { handler: SIG_IGN, flags: 0, restorer: 0, mask: 0n });
  process.actions = actions;
  task.altStack = { sp: 0, size: 0, flags: SS_DISABLE };
  task.suspendedMask = undefined;
  process.execed = true;
  enterImage(kernel, process, task, loaded);
  for (const handler of kernel.trapHandlers) handler.execed?.(process, previous);
}
