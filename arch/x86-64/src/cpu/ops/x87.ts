import { type OpsGroup } from '../dispatch/Emitter.js';

export const x87Ops: OpsGroup = {};
