// search.mjs drives the search of a built site in headless Chromium with the
// keyboard alone, for internal/quality. It is a test tool, not part of the
// site.
//
//   node search.mjs BASE_URL QUERY
//
// From the home page, 390 px wide: Tab to the header's search field, type
// QUERY, Enter; results must appear on /recherche/?q=QUERY. Then, still
// with the keyboard, choose a year and an actor (each the first value
// offered); the results must shrink to those of both, and the address must
// say so. Tab to the first result, Enter: its page. Back: the query, both
// filters and the same results again. Back once more: the year alone. Type
// more, Back: the year alone again (typing made an entry of its own). An
// address naming unknown filters: they are dropped.
// It prints one JSON object:
//   {"steps": [text…], "errors": [text…], "html": the search page's DOM with results,
//    "requests": [url…]}
// and exits 0 even when a step fails: the errors say which (the Go test
// reports them). Chromium is /usr/bin/chromium unless CHROMIUM says
// otherwise.
import { launch } from './browser.mjs';

const [base, query] = process.argv.slice(2);
if (!base || !query) {
  console.error('usage: node search.mjs BASE_URL QUERY');
  process.exit(2);
}

const out = { steps: [], errors: [], html: '', requests: [] };
const step = (s) => out.steps.push(s);
const fail = (s) => out.errors.push(s);

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.on('request', (r) => out.requests.push(r.url()));
  page.on('pageerror', (e) => fail('script error: ' + e.message));

  // tabTo presses Tab until the element matching sel has the focus.
  const tabTo = async (sel, max = 80) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), sel)) return true;
    }
    throw new Error('Tab never reached ' + sel);
  };
  // state reads what the search page shows.
  const state = () => page.evaluate(() => ({
    url: location.pathname + location.search,
    q: document.getElementById('q').value,
    annee: document.getElementById('f-annee').value,
    acteur: document.getElementById('f-acteur').value,
    status: document.getElementById('search-status').textContent,
    results: [...document.querySelectorAll('#search-results li h2 a')].map((a) => a.getAttribute('href')),
  }));
  // settled waits until the results say what the address says.
  const settled = async (want) => {
    await page.waitForFunction((w) => {
      const st = document.getElementById('search-status').textContent;
      return st !== '' && w.every((p) => location.search.includes(p));
    }, want, { timeout: 5000 });
    await page.waitForTimeout(50);
    return state();
  };

  await page.goto(new URL('/', base).href, { waitUntil: 'load' });
  await tabTo('#recherche-site');
  step('Tab reached the header search field');
  await page.keyboard.type(query);
  await Promise.all([page.waitForURL(/\/recherche\/\?q=/), page.keyboard.press('Enter')]);
  await page.waitForSelector('#search-results li', { timeout: 5000 });
  const first = await settled(['q=']);
  step(`submitted « ${query} »: ${first.status}`);
  if (first.q !== query) fail(`the search field holds « ${first.q} », want « ${query} »`);
  if (first.results.length < 2) fail(`${first.results.length} results for « ${query} », want at least 2`);
  const marks = await page.$$eval('#search-results mark', (ms) => ms.length);
  if (marks === 0) fail('no matched word is marked');

  // Two filters, with the keyboard: a select changes with ArrowDown.
  await tabTo('#f-annee');
  await page.keyboard.press('ArrowDown');
  const withYear = await settled(['annee=']);
  step(`year ${withYear.annee}: ${withYear.status}`);
  await tabTo('#f-acteur');
  await page.keyboard.press('ArrowDown');
  const both = await settled(['annee=', 'acteur=']);
  step(`and actor ${both.acteur}: ${both.status}`);
  if (!both.annee || !both.acteur) fail('a filter did not take: ' + JSON.stringify(both));
  if (both.results.length === 0) fail('no result with both filters');
  if (both.results.length > withYear.results.length) fail('the second filter added results');
  out.html = await page.content();

  // Follow the first result, then come back.
  await tabTo('#search-results li a');
  const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
  await Promise.all([page.waitForURL((u) => u.pathname === href), page.keyboard.press('Enter')]);
  step('followed ' + href);
  await page.goBack();
  const back = await settled(['annee=', 'acteur=']);
  step(`back: ${back.url}: ${back.status}`);
  for (const k of ['url', 'q', 'annee', 'acteur', 'status']) {
    if (back[k] !== both[k]) fail(`after back, ${k} is « ${back[k]} », want « ${both[k]} »`);
  }
  if (JSON.stringify(back.results) !== JSON.stringify(both.results)) fail('after back, other results');
  // Once more: the state before the actor was chosen.
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes('acteur='), null, { timeout: 5000 });
  const before = await settled(['annee=']);
  step(`back again: ${before.url}: ${before.status}`);
  if (before.acteur !== '' || before.annee !== withYear.annee || before.results.length !== withYear.results.length) {
    fail('back again does not restore the year alone: ' + JSON.stringify(before));
  }
  // Typing after a committed search makes a new entry of the history: Back
  // comes back to the committed search, not to the one before it.
  await page.focus('#q');
  await page.keyboard.press('End');
  await page.keyboard.type(' zz');
  await page.waitForFunction(() => location.search.includes('zz'), null, { timeout: 5000 });
  await page.waitForTimeout(200);
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes('zz'), null, { timeout: 5000 });
  const untyped = await settled(['annee=']);
  step(`typed, then back: ${untyped.url}: ${untyped.status}`);
  if (untyped.url !== before.url || untyped.q !== query || untyped.annee !== withYear.annee) {
    fail('back after typing does not restore the search typed after: ' + JSON.stringify(untyped) + ', want ' + before.url);
  }
  // Filters the address names but the site does not know (an old link, a
  // typo) are dropped, not a search that finds nothing; a year written
  // otherwise is the year.
  const odd = new URL('/recherche/', base);
  odd.search = new URLSearchParams({ q: query, acteur: 'personne-inconnue', article: 'abc', type: 'zzz', procedure: '%', annee: '0' + withYear.annee }).toString();
  await page.goto(odd.href, { waitUntil: 'load' });
  await page.waitForFunction(() => !location.search.includes('acteur='), null, { timeout: 5000 }).catch(() => {});
  const unknown = await settled(['annee=']);
  step(`unknown filters: ${unknown.url}: ${unknown.status}`);
  const wantURL = '/recherche/?' + new URLSearchParams({ q: query, annee: withYear.annee }).toString();
  if (unknown.url !== wantURL || unknown.annee !== withYear.annee || unknown.status !== withYear.status) {
    fail('unknown filters in the address: ' + JSON.stringify(unknown) + ', want ' + wantURL + ' « ' + withYear.status + ' »');
  }
  // The focus is visible: the field has an outline when focused.
  await page.focus('#q');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  if (outline === 'none') fail('the focused search field has no visible outline');
  await context.close();
} catch (e) {
  fail(String(e && e.stack || e));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out) + '\n');
