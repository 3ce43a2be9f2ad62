export { x86_64Descriptor } from './descriptor.js';
export { x86_64Module } from './x86_64Module.js';
export { X86RegisterFile } from './cpu/state/X86RegisterFile.js';
export { X86Engine } from './cpu/X86Engine.js';
export { implementedCodes } from './cpu/dispatch/dispatchTable.js';
