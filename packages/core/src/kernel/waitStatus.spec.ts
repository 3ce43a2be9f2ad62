import { describe, expect, it } from 'vitest';
import { Signal } from '../signals/Signal.js';
import { ChildCode, childState, waitStatus } from './waitStatus.js';

const killed = (signal: number, coreDumped: boolean) => ({ kind: 'signal', signal, coreDumped, pc: undefined, detail: undefined }) as const;

describe('waitStatus', () => {
  it('encodes an exit as WIFEXITED with the low byte of the status in bits 8-15', () => {
    expect(waitStatus({ kind: 'exit', status: 0 })).toBe(0);
    expect(waitStatus({ kind: 'exit', status: 3 })).toBe(0x300);
    expect(waitStatus({ kind: 'exit', status: 255 })).toBe(0xff00);
  });

  it('encodes a kill as WIFSIGNALED, with WCOREDUMP for a signal that dumps core', () => {
    expect(waitStatus(killed(Signal.SIGTERM, false))).toBe(15);
    expect(waitStatus(killed(Signal.SIGSEGV, true))).toBe(0x8b);
  });
});

describe('childState', () => {
  it('gives CLD_EXITED with the exit status, CLD_KILLED or CLD_DUMPED with the signal', () => {
    expect(childState({ kind: 'exit', status: 7 })).toEqual({ code: ChildCode.CLD_EXITED, status: 7 });
    expect(childState(killed(Signal.SIGKILL, false))).toEqual({ code: ChildCode.CLD_KILLED, status: 9 });
    expect(childState(killed(Signal.SIGABRT, true))).toEqual({ code: ChildCode.CLD_DUMPED, status: 6 });
  });
});
