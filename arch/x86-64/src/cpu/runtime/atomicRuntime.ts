/** Helpers the atomic instruction group's generated code calls as `H.name`. */
export const atomicRuntime = {};
