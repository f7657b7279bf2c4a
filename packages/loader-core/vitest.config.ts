import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'loader-core',
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
