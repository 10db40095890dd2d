// Debian's chromium driven by playwright-core (no browser download): headless, sandbox off (root
// in CI), no network services, a fresh profile in a temp dir removed after. Without the binary the
// tests that need it are skipped with one visible line (.ci/run installs the `chromium` package).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** CHROMIUM_BIN, else Debian's /usr/bin/chromium; null when absent. */
export function chromiumBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidate = env.CHROMIUM_BIN || '/usr/bin/chromium';
  return existsSync(candidate) ? candidate : null;
}

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * `describe` with a running browser: `body` receives a getter for a browser context (a fresh
 * profile, started in beforeAll, closed in afterAll). Without chromium: one skipped test.
 */
export function describeChromium(name: string, body: (context: () => BrowserContext) => void): void {
  const binary = chromiumBinary();
  if (binary === null) {
    describe(name, () => {
      it.skip('skipped: no chromium (apt-get install chromium, or set CHROMIUM_BIN)', () => undefined);
    });
    return;
  }
  describe(name, () => {
    let context: BrowserContext | null = null;
    let profile = '';
    beforeAll(async () => {
      profile = mkdtempSync(join(tmpdir(), 'ktriage-chromium-'));
      // launchPersistentContext is playwright's way to give the browser its own --user-data-dir.
      context = await chromium.launchPersistentContext(profile, { executablePath: binary, headless: true, args: CHROMIUM_FLAGS, offline: true });
    }, 60_000);
    afterAll(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });
    body(() => {
      if (context === null) throw new Error('chromium is not running');
      return context;
    });
  });
}
