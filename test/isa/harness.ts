// The differential ISA harness: what focused per-group specs import.
export { assemble } from './support/assemble.js';
export { compareResults, type Difference, type Ignored, ignoredOutputs } from './support/compare.js';
export { expectAsModelled, expectSameAsHostExcept, type ModelledChanges, modelledResult } from './support/expectAsModelled.js';
export {
  caseFrom,
  type CaseReport,
  compareCases,
  type CompareOptions,
  describeReport,
  describeWithHost,
  expectCasesSameAsHost,
  expectSameAsHost,
  focusedState,
  type IsaInput,
  type Snippet,
  snippetBytes,
} from './support/expectSameAsHost.js';
export {
  blankState,
  cloneState,
  EMULATOR_ERROR,
  GPR_NAMES,
  type GprName,
  type IsaCase,
  type IsaResult,
  type IsaState,
  type SecondPage,
  setXmm,
  SYSCALL,
  TIMEOUT,
  xmmValue,
} from './support/IsaState.js';
export { CODE_ADDRESS, PAGE, SCRATCH_ADDRESS, SCRATCH_SIZE, STACK_ADDRESS } from './support/layout.js';
export { runCaseOnEmulator, runOnEmulator } from './support/runOnEmulator.js';
export { hostSkipReason, runOnHost } from './support/runOnHost.js';
export { undefinedOutputs } from './undefinedFlags.js';
