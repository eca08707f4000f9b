// axe.mjs runs axe-core in headless Chromium on pages of a built site, for
// internal/quality. It is a test tool, not part of the site.
//
//   node axe.mjs BASE_URL PATH...
//
// For every path, in light and in dark mode, 390 and 1280 px wide, it loads the
// page (a path with a query, the search page's, once its script has shown
// the results), opens every <details>, runs axe with the WCAG 2.1 A and AA rules,
// and records every request the page made. It prints one JSON object:
//   {"runs": [{"path", "scheme", "violations": [{"id", "impact", "help", "nodes": [target…]}]}],
//    "requests": [url…]}
// Chromium is /usr/bin/chromium unless CHROMIUM says otherwise. Each run
// also says its "width": 390 px (a phone) or 1280 px (a laptop), where the
// layouts differ.
import { createRequire } from 'node:module';
import { launch } from './browser.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error('usage: node axe.mjs BASE_URL PATH...');
  process.exit(2);
}

const browser = await launch();
const out = { runs: [], requests: [] };
try {
  for (const [scheme, width] of [['light', 390], ['dark', 390], ['light', 1280], ['dark', 1280]]) {
    const context = await browser.newContext({ viewport: { width, height: width < 800 ? 844 : 800 }, colorScheme: scheme });
    const page = await context.newPage();
    page.on('request', (r) => out.requests.push(r.url()));
    for (const path of paths) {
      await page.goto(new URL(path, base).href, { waitUntil: 'load' });
      // The search page with a query: its results, once shown.
      if (path.includes('?')) {
        await page.waitForFunction(() => document.getElementById('search-status')?.textContent !== '', null, { timeout: 5000 });
      }
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      }));
      out.runs.push({
        path, scheme, width,
        violations: result.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary || ''}`.trim()),
        })),
      });
    }
    await context.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out) + '\n');
