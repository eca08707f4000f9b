// browser.mjs starts the headless Chromium that the quality tools drive
// (axe.mjs, search.mjs, search-bench.mjs), with the flags this project runs
// it with everywhere. It is a test tool, not part of the site. Chromium is
// /usr/bin/chromium unless CHROMIUM says otherwise.
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
}
