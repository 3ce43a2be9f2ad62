import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@ubp/source'] },
  ssr: { resolve: { conditions: ['@ubp/source'] } },
  test: {
    include: ['packages/*/src/**/*.spec.ts', 'arch/*/src/**/*.spec.ts', 'test/**/*.spec.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
