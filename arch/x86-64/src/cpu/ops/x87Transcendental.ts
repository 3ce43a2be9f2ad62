import { Mnemonic } from '../../decode/iced.js';
import { type OpsGroup } from '../dispatch/Emitter.js';
import { x87Helper } from './x87.js';

/** f2xm1 fyl2x fyl2xp1 fptan fpatan fsin fcos fsincos */
export const x87TranscendentalOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.F2xm1]: x87Helper('f2xm1'),
    [Mnemonic.Fyl2x]: x87Helper('fyl2x'),
    [Mnemonic.Fyl2xp1]: x87Helper('fyl2xp1'),
    [Mnemonic.Fptan]: x87Helper('fptan'),
    [Mnemonic.Fpatan]: x87Helper('fpatan'),
    [Mnemonic.Fsin]: x87Helper('fsin'),
    [Mnemonic.Fcos]: x87Helper('fcos'),
    [Mnemonic.Fsincos]: x87Helper('fsincos'),
  },
};
