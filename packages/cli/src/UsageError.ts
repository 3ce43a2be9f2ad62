/** A mistake of `ubp`'s own input (options, files): `ubp: error: ...` and exit 125. */
export class UsageError extends Error {}

export const EXIT_UBP_ERROR = 125;
