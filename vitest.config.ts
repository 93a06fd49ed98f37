import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{electron,relay,cli,renderer,shared,scripts,bench}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
