import { describe, expect, it } from 'vitest';
import { documents, regenerate, regionsOf } from './generatedRegions.mjs';

const regions = documents().flatMap((document) => regionsOf(document).map((region) => ({ document, ...region })));

describe('the tables the docs quote', () => {
  it('should be quoted from at least the porting matrix and a strategy comparison', () => {
    expect(regions.map((r) => r.args.split(' ')[0])).toEqual(expect.arrayContaining(['ports', 'compare']));
  });

  it.each(regions.map((r) => [`${r.document}: ubp ${r.args}`, r] as const))('%s should match what the command prints now (pnpm docs:update)', (_, region) => {
    expect(region.current).toBe(regenerate(region.args));
  }, 120_000);
});
