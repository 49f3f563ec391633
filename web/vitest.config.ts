import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      setupFiles: ['./src/test/setup.ts'],
      include: ['src/**/*.test.{ts,tsx}'],
      restoreMocks: true,
      // Waits, not performance limits: under \`make test\` Vitest shares two cores with the C++ tests, and typing into
      // a form with user-event can take seconds on a loaded machine.
      testTimeout: 30_000,
      // One fork at a time: the build machine is shared.
      pool: 'forks',
      poolOptions: { forks: { singleFork: true } },
    },
  }),
);
