import { describe, expect, it } from 'vitest';
import { ProbeError } from '../ProbeError.js';
import { parseUprobeEvent } from './parseUprobeEvent.js';

/**
 * The kernel's uprobe_events syntax (Documentation/trace/uprobetracer.rst, kernel/trace/trace_uprobe.c,
 * kernel/trace/trace_probe.c). Where the kernel's own behaviour is the reference it is cited.
 */

describe('parseUprobeEvent: probe kind, group, event and place', () => {
  it('parses p:GRP/EVENT PATH:OFFSET with a hex file offset', () => {
    expect(parseUprobeEvent('p:mygrp/myev /bin/demo:0x1350')).toEqual({
      returnProbe: false,
      group: 'mygrp',
      event: 'myev',
      path: '/bin/demo',
      location: { kind: 'offset', offset: 0x1350 },
      args: [],
    });
  });

  it('takes a decimal offset as the kernel (kstrtoul base 0) does', () => {
    expect(parseUprobeEvent('p:e /bin/demo:4944').location).toEqual({ kind: 'offset', offset: 4944 });
  });

  it('defaults the group to "uprobes" when only EVENT is given', () => {
    const event = parseUprobeEvent('p:myev /bin/demo:0x10');
    expect([event.group, event.event]).toEqual(['uprobes', 'myev']);
  });

  it('names an unnamed event p_<file>_0x<offset>', () => {
    const event = parseUprobeEvent('p /bin/demo:0x1350');
    expect([event.group, event.event]).toEqual(['uprobes', 'p_demo_0x1350']);
  });

  it('names an event after the file name up to its first ".", "-" or "_" (strpbrk in __trace_uprobe_create)', () => {
    expect(parseUprobeEvent('p /bin/stdio_formats:0x10').event).toBe('p_stdio_0x10');
    expect(parseUprobeEvent('p /bin/hello-pie:0x10').event).toBe('p_hello_0x10');
    expect(parseUprobeEvent('p /lib/libc.so.6:0x10').event).toBe('p_libc_0x10');
  });

  it('names an unnamed return probe p_<file>_0x<offset> too: the kernel always uses \'p\'', () => {
    expect(parseUprobeEvent('r /bin/demo:0x1350').event).toBe('p_demo_0x1350');
  });

  it('generates the event name when only GRP/ is given', () => {
    const event = parseUprobeEvent('p:mygrp/ /bin/demo:0x10');
    expect([event.group, event.event]).toEqual(['mygrp', 'p_demo_0x10']);
  });

  it('makes r... and PATH:OFFSET%return return probes', () => {
    expect(parseUprobeEvent('r:e /bin/demo:0x10').returnProbe).toBe(true);
    const suffixed = parseUprobeEvent('p:e /bin/demo:0x10%return');
    expect([suffixed.returnProbe, suffixed.location]).toEqual([true, { kind: 'offset', offset: 0x10 }]);
  });

  it('accepts PATH:SYMBOL and PATH:SYMBOL+offs', () => {
    expect(parseUprobeEvent('p:e demo:checksum').location).toEqual({ kind: 'symbol', symbol: 'checksum', offset: 0 });
    expect(parseUprobeEvent('p:e demo:checksum+0x10').location).toEqual({ kind: 'symbol', symbol: 'checksum', offset: 0x10 });
    expect(parseUprobeEvent('p:e demo:main+4').location).toEqual({ kind: 'symbol', symbol: 'main', offset: 4 });
  });

  it('keeps a path with directories and dots, splitting at the last colon', () => {
    expect(parseUprobeEvent('p:e ./dir.v2/demo:0x10').path).toBe('./dir.v2/demo');
  });
});

describe('parseUprobeEvent: fetch arguments', () => {
  const args = (text: string, kind: 'p' | 'r' = 'p') => parseUprobeEvent(`${kind}:e /bin/demo:0x10 ${text}`).args;

  it('names unnamed arguments arg1, arg2... and defaults their type to x64 (DEFAULT_FETCH_TYPE on 64-bit)', () => {
    expect(args('%di %si')).toEqual([
      { name: 'arg1', source: { kind: 'register', name: 'di' }, type: 'x64' },
      { name: 'arg2', source: { kind: 'register', name: 'si' }, type: 'x64' },
    ]);
  });

  it('takes the kernel register names and UBP\'s own', () => {
    expect(args('%ax %ip %sp %flags %r15 %rdi %eax').map((a) => a.source)).toEqual(
      ['ax', 'ip', 'sp', 'flags', 'r15', 'rdi', 'eax'].map((name) => ({ kind: 'register', name })),
    );
  });

  it('parses NAME=FETCHARG:TYPE for every type', () => {
    const types = ['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'x8', 'x16', 'x32', 'x64'];
    expect(args(types.map((t) => `v_${t}=%ax:${t}`).join(' '))).toEqual(types.map((type) => ({ name: `v_${type}`, source: { kind: 'register', name: 'ax' }, type })));
  });

  it('parses @ADDR, @+OFFSET, $stack, $stackN and $comm', () => {
    expect(args('a=@0x408008 b=@+0x7008:u32 c=$stack d=$stack0 e=$stack12 f=$comm').map((a) => [a.name, a.source])).toEqual([
      ['a', { kind: 'memory', address: 0x408008 }],
      ['b', { kind: 'file-offset', offset: 0x7008 }],
      ['c', { kind: 'stack', entry: undefined }],
      ['d', { kind: 'stack', entry: 0 }],
      ['e', { kind: 'stack', entry: 12 }],
      ['f', { kind: 'comm' }],
    ]);
  });

  it('parses +|-OFFS(FETCHARG), nested, with a string type', () => {
    expect(args('s=+0(%di):string n=-8(+16(%sp)):s32 m=+0x10(@0x408008)')).toEqual([
      { name: 's', source: { kind: 'deref', offset: 0, base: { kind: 'register', name: 'di' } }, type: 'string' },
      { name: 'n', source: { kind: 'deref', offset: -8, base: { kind: 'deref', offset: 16, base: { kind: 'register', name: 'sp' } } }, type: 's32' },
      { name: 'm', source: { kind: 'deref', offset: 0x10, base: { kind: 'memory', address: 0x408008 } }, type: 'x64' },
    ]);
  });

  it('parses $retval in return probes', () => {
    expect(args('rv=$retval:s32', 'r')).toEqual([{ name: 'rv', source: { kind: 'retval' }, type: 's32' }]);
    expect(parseUprobeEvent('p:e /bin/demo:0x10%return $retval').args[0]!.source).toEqual({ kind: 'retval' });
  });
});

describe('parseUprobeEvent: errors, one line each', () => {
  const error = (definition: string, why: string) => new ProbeError(`bad uprobe event '${definition}': ${why}`);

  it.each([
    ['x:e /bin/demo:0x10', "expected 'p[:[GRP/]EVENT] PATH:OFFSET [FETCHARGS]' or 'r[...]'"],
    ['p', "expected 'p[:[GRP/]EVENT] PATH:OFFSET [FETCHARGS]' or 'r[...]'"],
    ['px /bin/demo:0x10', "expected 'p[:[GRP/]EVENT] PATH:OFFSET [FETCHARGS]' or 'r[...]'"],
    ['p:e /bin/demo', "'/bin/demo' is not PATH:OFFSET"],
    ['p:e :0x10', "':0x10' is not PATH:OFFSET"],
    ['p:9e /bin/demo:0x10', "bad event name '9e'"],
    ['p:g-1/e /bin/demo:0x10', "bad group name 'g-1'"],
    ['p:e /bin/demo:0x10+4', "'0x10+4' is neither an offset nor SYMBOL[+offs]"],
    ['p:e /bin/demo:0x10 $retval', '$retval is only for return probes'],
    ['p:e /bin/demo:0x10 a=%ax:u128', "unknown type 'u128' (u8..u64, s8..s64, x8..x64, string)"],
    ['p:e /bin/demo:0x10 a=%ax:string', 'a string must be fetched from memory'],
    ['p:e /bin/demo:0x10 a=$foo', "unknown fetch argument '$foo'"],
    ['p:e /bin/demo:0x10 a=%', "bad register '%'"],
    ['p:e /bin/demo:0x10 a=@xyz', "address 'xyz' is not a number"],
    ['p:e /bin/demo:0x10 a=+x(%di)', "unknown fetch argument '+x(%di)'"],
    ['p:e /bin/demo:0x10 a=%ax a=%bx', "argument name 'a' is used twice"],
    [`p:e /bin/demo:0x10 ${Array.from({ length: 129 }, (_, i) => `a${i}=%ax`).join(' ')}`, 'more than 128 fetch arguments'],
  ])('%s', (definition, why) => {
    expect(() => parseUprobeEvent(definition)).toThrow(error(definition, why));
  });

  it('accepts exactly 128 fetch arguments', () => {
    expect(parseUprobeEvent(`p:e /bin/demo:0x10 ${Array.from({ length: 128 }, (_, i) => `a${i}=%ax`).join(' ')}`).args).toHaveLength(128);
  });

  it('keeps every message on one line', () => {
    for (const definition of ['x', 'p:e /bin/demo:0x10 a=$foo', 'p:e /bin/demo']) {
      try {
        parseUprobeEvent(definition);
      } catch (e) {
        expect((e as Error).message).not.toContain('\n');
      }
    }
  });
});
