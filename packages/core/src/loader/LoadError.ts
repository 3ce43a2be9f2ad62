/** A program that cannot be loaded: a one-line reason for `ubp: error: ...` (exit 125). */
export class LoadError extends Error {}
