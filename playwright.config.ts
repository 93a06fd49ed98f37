import { defineConfig } from '@playwright/test';

const CI = Boolean(process.env['CI']);
/** The browser host's port for the end-to-end tests (the default `npm run web` port stays free). */
const WEB_PORT = 4173;
const WEB_URL = `http://127.0.0.1:${WEB_PORT}`;
/** The relay for the end-to-end tests; e2e/people.ts (RELAY_URL) uses the same number. */
export const RELAY_PORT = 4392;

/**
 * End-to-end tests: the shell in Debian's Chromium through the browser host (`npm run web`),
 * and the desktop app through Playwright's Electron driver where Electron's binary exists.
 * `npx playwright install` is never needed: it downloads, and this network has no internet.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: CI,
  retries: 0,
  // The machines have 2 cores: one worker for the browser, one for Electron.
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : 'list',
  use: {
    baseURL: WEB_URL,
    trace: CI ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /electron\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
    {
      // Launches the built app itself (out/main/index.js); no browser of Playwright's is used.
      name: 'electron',
      testMatch: /electron\.spec\.ts$/,
    },
  ],
  webServer: [
    {
      command: `npm run web -- --port ${WEB_PORT}`,
      url: WEB_URL,
      reuseExistingServer: !CI,
      // `npm run web` builds the renderer first (vite build), then serves it.
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The relay the two-person specs share (a fresh store per run, under test-results/).
      command: `node --import tsx relay/main.ts --host 127.0.0.1 --port ${RELAY_PORT} --data test-results/relay-${Date.now()} --quiet`,
      url: `http://127.0.0.1:${RELAY_PORT}/health`,
      reuseExistingServer: !CI,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
