/** The run ended for a reason of the emulator's own, not the guest's (runaway, deadlock). */
export class RunStopped extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
