import { describe, expect, it } from 'vitest';
import { interpreterLine } from './interpreterLine.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('interpreterLine', () => {
  it('finds the interpreter and one optional argument, blanks trimmed', () => {
    expect(interpreterLine(bytes('#!/bin/sh\necho hi\n'))).toEqual({ interpreter: '/bin/sh', argument: undefined });
    expect(interpreterLine(bytes('#! /usr/bin/env  python3 -u  \n'))).toEqual({ interpreter: '/usr/bin/env', argument: 'python3 -u' });
    expect(interpreterLine(bytes('#!/bin/busybox\tsh'))).toEqual({ interpreter: '/bin/busybox', argument: 'sh' });
  });

  it('is undefined for a file that is not a script, or whose interpreter is empty or cut off', () => {
    expect(interpreterLine(bytes('\x7fELF'))).toBeUndefined();
    expect(interpreterLine(bytes('echo hi\n'))).toBeUndefined();
    expect(interpreterLine(bytes('#!\n'))).toBeUndefined();
    expect(interpreterLine(bytes(`#!/${'x'.repeat(300)}`))).toBeUndefined();
  });
});
