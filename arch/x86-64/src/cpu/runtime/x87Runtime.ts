/** Helpers the x87 instruction group's generated code calls as `H.name`. */
export const x87Runtime = {};
