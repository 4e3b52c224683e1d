// Headless Debian Chromium for the e2e suites (Playwright's core drives it; no browser download).
// As root, Chromium needs --no-sandbox; the rest keeps it from doing background work mid-test.
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
