/** Everything a probed run counts, per strategy: the measurements `ubp compare` reports. */
export class ProbeCounters {
  hits = 0;
  consumerCalls = 0;
  breakpointTraps = 0;
  stepTraps = 0;
  debugTraps = 0;
  singleSteps = 0;
  simulated = 0;
  emulated = 0;
  boostedHits = 0;
  stepFallbacks = 0;
  /** Privilege switches by kind. */
  userToKernel = 0;
  kernelToUser = 0;
  kernelToIntermediate = 0;
  intermediateToKernel = 0;
  /** Memory operands checked against the user address space before a step at another privilege level. */
  operandChecks = 0;
  /** Breakpoints written at registration. */
  breakpointInstalls = 0;
  /** Writes of code while running: breakpoints taken out and put back, slot contents. */
  textWrites = 0;
  slotsInUse = 0;
  peakSlotsInUse = 0;
  slotWaits = 0;
  /** Bytes of the guest's address space the strategy took (XOL pages). */
  xolBytes = 0;
  /** Mappings the strategy added that the guest can see in /proc/self/maps. */
  visibleMappings = 0;
  /** Hits that never trapped: inline-hwbp's window was open when another task passed the address. */
  missedHits = 0;
  /** inline-hwbp re-armed with a single-step because every debug register of the task was taken. */
  debugRegisterFallbacks = 0;
  rejectedProbes = 0;
  returnHits = 0;

  get privilegeSwitches(): number {
    return this.userToKernel + this.kernelToUser + this.kernelToIntermediate + this.intermediateToKernel;
  }
}
