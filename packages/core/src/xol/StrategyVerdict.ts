import { type XolFixup } from '../isa/XolFixup.js';

/** How a strategy would handle a probe on one instruction: accepted with what it does, or refused with why. */
export type StrategyVerdict =
  | {
      readonly accepted: true;
      /** What happens on a hit: e.g. 'simulate', 'step', 'boost', 'emulate', 'inline'. */
      readonly action: string;
      readonly fixups: readonly XolFixup[];
      /** Anything the reader should know (a fallback, a limit). */
      readonly note?: string;
    }
  | { readonly accepted: false; readonly reason: string };

export function refuse(reason: string): StrategyVerdict {
  return { accepted: false, reason };
}
