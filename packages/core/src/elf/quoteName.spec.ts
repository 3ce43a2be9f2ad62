import { expect, it } from 'vitest';
import { quoteName } from './quoteName.js';

it('quotes names so that hostile bytes stay on one line', () => {
  expect(quoteName('.symtab')).toBe('".symtab"');
  expect(quoteName('a\nb\r\u2028"\\\u0000')).toBe('"a\\u000ab\\u000d\\u2028\\"\\\\\\u0000"');
});
