// search-bench.mjs measures the search of a built site in headless
// Chromium: for each query, in a fresh browser context (nothing cached), it
// loads /recherche/?q=QUERY and reports the time from the start of the
// navigation to the first result on screen, and the bytes the page
// transferred to get there (bodies as served: a server that does not
// compress, such as python3 -m http.server, gives the uncompressed size).
// It is a benchmark, not a test: scripts/search-bench.sh runs it on the
// 10,000-entry corpus.
//
//   node search-bench.mjs BASE_URL QUERY...
//
// Each query is loaded RUNS times (5 unless the environment says), in
// turn with the others; it prints one line per query with the median time
// and its range, then a JSON object with every figure.
// Chromium is /usr/bin/chromium unless CHROMIUM says otherwise.
import { launch } from './browser.mjs';

const [base, ...queries] = process.argv.slice(2);
if (!base || queries.length === 0) {
  console.error('usage: node search-bench.mjs BASE_URL QUERY...');
  process.exit(2);
}
const browser = await launch();
const runs = [];
const rounds = Number(process.env.RUNS || 5);
try {
  for (let round = 0; round < rounds; round++) for (const q of queries) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // The moment the first result (or the word that there is none) is on
    // screen, in the page's clock, which starts with the navigation.
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        const st = document.getElementById('search-status');
        if (document.querySelector('#search-results li') || (st && st.textContent.startsWith('Aucun'))) {
          window.__shown = performance.now();
          obs.disconnect();
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const bytes = {};
    const pending = [];
    page.on('response', (r) => pending.push(r.body().then((b) => {
      const p = new URL(r.url()).pathname;
      const kind = p.includes('/recherche/t/') ? 'shards' : p.includes('/recherche/d/') ? 'documents'
        : p.endsWith('/recherche/index.json') ? 'facets' : 'page, CSS, script';
      bytes[kind] = (bytes[kind] || 0) + b.length;
      bytes.requests = (bytes.requests || 0) + 1;
    }, () => {})));
    const url = new URL('/recherche/?q=' + encodeURIComponent(q), base).href;
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__shown !== undefined, null, { timeout: 10000 });
    const shown = await page.evaluate(() => window.__shown);
    const status = await page.textContent('#search-status');
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    const total = Object.entries(bytes).filter(([k]) => k !== 'requests').reduce((s, [, v]) => s + v, 0);
    runs.push({ query: q, ms: Math.round(shown), bytes: total, detail: bytes, status });
    await context.close();
  }
} finally {
  await browser.close();
}
for (const q of queries) {
  const rs = runs.filter((r) => r.query === q);
  const ms = rs.map((r) => r.ms).sort((a, b) => a - b);
  const { bytes, detail, status } = rs[0];
  console.log(`« ${q} »: first result ${ms[Math.floor(ms.length / 2)]} ms (median of ${ms.length}, ${ms[0]}–${ms[ms.length - 1]}), ` +
    `${(bytes / 1024).toFixed(0)} KiB in ${detail.requests} requests ` +
    `(${Object.entries(detail).filter(([k]) => k !== 'requests').map(([k, v]) => `${k} ${(v / 1024).toFixed(0)}`).join(', ')}); ${status}`);
}
console.log(JSON.stringify({ runs }));
