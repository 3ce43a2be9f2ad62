/**
 * A scheduler that runs at most `limit` tasks at a time, in the order they were given: for
 * suites that start many programs and want them to overlap without crowding the machine.
 */
export function limitConcurrency(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finished task hands its slot straight to the next waiting one, so a task queued meanwhile
  // cannot slip in between and exceed the limit.
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) running--;
    else next();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < limit) running++;
    else await new Promise<void>((resume) => waiting.push(resume));
    try {
      return await task();
    } finally {
      release();
    }
  };
}
