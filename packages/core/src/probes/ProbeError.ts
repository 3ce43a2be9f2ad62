/** A probe that cannot be placed: a bad spec, a bad address, or an instruction refused (ubp exits 125). */
export class ProbeError extends Error {}

/** A strategy that cannot take a probe on this instruction: the probe is skipped, and counted. */
export class ProbeRefused extends ProbeError {}
