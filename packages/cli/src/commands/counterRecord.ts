import { type CostModel, modelledNsPerHit, type ProbeCounters } from '@ubp/core';

/** The probe counters as a plain record for JSON reports. */
export function counterRecord(counters: ProbeCounters, costs: CostModel) {
  return {
    hits: counters.hits,
    returnHits: counters.returnHits,
    consumerCalls: counters.consumerCalls,
    breakpointTraps: counters.breakpointTraps,
    stepTraps: counters.stepTraps,
    debugTraps: counters.debugTraps,
    singleSteps: counters.singleSteps,
    simulated: counters.simulated,
    emulated: counters.emulated,
    boostedHits: counters.boostedHits,
    stepFallbacks: counters.stepFallbacks,
    privilegeSwitches: {
      total: counters.privilegeSwitches,
      userToKernel: counters.userToKernel,
      kernelToUser: counters.kernelToUser,
      kernelToIntermediate: counters.kernelToIntermediate,
      intermediateToKernel: counters.intermediateToKernel,
    },
    operandChecks: counters.operandChecks,
    breakpointInstalls: counters.breakpointInstalls,
    textWrites: counters.textWrites,
    peakSlotsInUse: counters.peakSlotsInUse,
    slotWaits: counters.slotWaits,
    xolBytes: counters.xolBytes,
    visibleMappings: counters.visibleMappings,
    missedHits: counters.missedHits,
    debugRegisterFallbacks: counters.debugRegisterFallbacks,
    rejectedProbes: counters.rejectedProbes,
    modelledNsPerHit: Math.round(modelledNsPerHit(counters, costs) * 10) / 10,
  };
}
