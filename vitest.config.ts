import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and crash tests start servers and child processes: keep files in separate forks.
    pool: 'forks',
    reporters: ['default'],
  },
});
