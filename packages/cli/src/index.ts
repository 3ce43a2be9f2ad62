export { archForMachine, architecturePorts, buildContainer } from './buildContainer.js';
export { type OpenedProgram, openProgram, type OpenProgramOptions } from './library/openProgram.js';
export { computePortMatrix, type PortMatrix, type PortRow } from './ports/portMatrix.js';
