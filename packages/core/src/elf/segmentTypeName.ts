import {
  PT_DYNAMIC,
  PT_GNU_EH_FRAME,
  PT_GNU_PROPERTY,
  PT_GNU_RELRO,
  PT_GNU_STACK,
  PT_INTERP,
  PT_LOAD,
  PT_NOTE,
  PT_NULL,
  PT_PHDR,
  PT_TLS,
} from './elfConstants.js';
import { hex } from './hex.js';

const NAMES = new Map<number, string>([
  [PT_NULL, 'PT_NULL'],
  [PT_LOAD, 'PT_LOAD'],
  [PT_DYNAMIC, 'PT_DYNAMIC'],
  [PT_INTERP, 'PT_INTERP'],
  [PT_NOTE, 'PT_NOTE'],
  [PT_PHDR, 'PT_PHDR'],
  [PT_TLS, 'PT_TLS'],
  [PT_GNU_EH_FRAME, 'PT_GNU_EH_FRAME'],
  [PT_GNU_STACK, 'PT_GNU_STACK'],
  [PT_GNU_RELRO, 'PT_GNU_RELRO'],
  [PT_GNU_PROPERTY, 'PT_GNU_PROPERTY'],
]);

/** For messages: "PT_LOAD", or "type 0x70000003" for types we have no name for. */
export function segmentTypeName(type: number): string {
  return NAMES.get(type) ?? `type ${hex(type)}`;
}
