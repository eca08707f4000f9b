// recherche.js: the search of /recherche/, written by chrono build from
// internal/render/search.js. No dependency; it reads the index that build
// writes beside it (recherche/index.json, t/*.json, d/*.json; see search.go)
// and folds words exactly as the index does (fold.go: TestFoldNode runs both
// on the same words).
"use strict";
(function () {
  // ---- Folding: the same as fold.go ----
  const FOLD = new Map();
  for (const row of ["a àáâãäåāăą", "c çćĉċč", "d ďđ", "e èéêëēĕėęě", "g ĝğġģ", "h ĥħ", "i ìíîïĩīĭįı", "j ĵ", "k ķ",
    "l ĺļľŀł", "n ñńņňŉ", "o òóôõöøōŏő", "r ŕŗř", "s śŝşš", "t ţťŧ", "u ùúûüũūŭůűų", "w ŵ", "y ýÿŷ",
    "z źżž", "oe œ", "ae æ", "ss ß", "fi ﬁ", "fl ﬂ", "ff ﬀ", "ffi ﬃ", "ffl ﬄ", "st ﬆ"]) {
    const [to, from] = row.split(" ");
    for (const ch of from) {
      FOLD.set(ch, to);
      const up = ch.toUpperCase();
      if ([...up].length === 1 && up !== ch) FOLD.set(up, to);
    }
  }
  FOLD.set("İ", "i");
  const STOP = new Set(("a au aux avec c ce ces cet cette d dans de des du elle elles en est et il ils j je jusqu " +
    "l la le les leur leurs lorsqu lui m ma mais me mes n ne nous on ont ou par pas pour puisqu qu quelqu que qui " +
    "s sa se ses son sont sur t ta te tes ton un une vous y").split(" "));

  // fold returns the folded form of one character: "" for a separator.
  function fold(ch) {
    const c = ch.charCodeAt(0);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) return ch;
    if (c >= 65 && c <= 90) return String.fromCharCode(c + 32);
    if (c < 128) return "";
    return FOLD.get(ch) || "";
  }

  // words returns the words of text, folded, with where each is in text
  // (in UTF-16 units): [{w, start, end}].
  function words(text) {
    const out = [];
    let w = "", start = 0, i = 0;
    for (const ch of text) {
      const c = ch.charCodeAt(0);
      if (c >= 0x300 && c <= 0x36f) { // a combining accent (NFD): left out, as in fold.go
        i += ch.length;
        continue;
      }
      const f = fold(ch);
      if (f) {
        if (!w) start = i;
        w += f;
      } else if (w) {
        out.push({ w, start, end: i });
        w = "";
      }
      i += ch.length;
    }
    if (w) out.push({ w, start, end: i });
    return out;
  }

  function stem(w) {
    const n = w.length;
    if (n <= 3 || /[0-9]/.test(w)) return w;
    const last = w[n - 1];
    if (last === "s" && w[n - 2] !== "s") return w.slice(0, -1);
    if (last !== "x") return w;
    if (n > 4 && w.endsWith("aux") && w[n - 4] !== "e") return w.slice(0, -2) + "l";
    return w.slice(0, -1);
  }

  // terms returns the terms of text, as Terms in fold.go.
  function terms(text) {
    const out = [];
    for (const { w } of words(text)) if (!STOP.has(w)) out.push(stem(w));
    return out;
  }

  function shardKey(term, n) {
    let k = "";
    for (const ch of term) {
      if (k.length === n) break;
      k += /^[a-z0-9]$/.test(ch) ? ch : "_";
    }
    return k.padEnd(n, "_");
  }

  // parseQuery turns what the reader typed into what to look for: a list
  // of {alts, prefix}, every one of which a document must match (by one of
  // alts, or a term starting with prefix). « article 40 », « art. 40 »,
  // « 40(12) » are the article's terms (§40, §40(12)); a number alone is
  // the number or the article; the last word, while the reader is still
  // typing it (no space after it), matches as a prefix from 3 letters.
  function parseQuery(q) {
    const out = [];
    // A part said twice is looked for once: a long query that repeats a
    // word costs no more, and its score does not grow past what it holds.
    const seen = new Set();
    const add = (alts, prefix) => {
      const k = alts.join("|") + "*" + prefix;
      if (!seen.has(k)) {
        seen.add(k);
        out.push({ alts, prefix });
      }
    };
    const art = /(?:\b(?:articles?|art)\.?\s*)(\d{1,3})(?!\d)((?:\s*\(\s*[0-9a-z]{1,4}\s*\))*)|\b(\d{1,3})((?:\s*\(\s*[0-9a-z]{1,4}\s*\))+)/gi;
    let rest = q.replace(art, (m, n1, p1, n2, p2) => {
      // Without spaces nor leading zeros, as articleTerms writes them.
      const p = (p1 || p2 || "").replace(/\s+/g, "").toLowerCase().replace(/\(0+(?=\d)/g, "(");
      add(["§" + Number(n1 || n2) + p], "");
      return " ";
    });
    const all = words(rest);
    const ws = all.filter((x) => !STOP.has(x.w));
    // A query of one common word still being typed (« des », on the way to
    // « désinformation ») is read as the start of a word: otherwise the
    // reader would be told, for a keystroke, that it holds only common words.
    if (out.length === 0 && ws.length === 0 && all.length === 1 && all[0].end === rest.length && all[0].w.length >= 3) {
      add([], all[0].w);
    }
    ws.forEach((x, i) => {
      const t = stem(x.w);
      const alts = /^[0-9]{1,3}$/.test(t) ? [t, "§" + Number(t)] : [t];
      const last = i === ws.length - 1 && x.end === rest.length;
      // The prefix is the word as typed (folded), not its stem: « gros »
      // is « gro » once stemmed, which would find « grok ». The word
      // itself is found by its stem, in alts.
      add(alts, last && x.w.length >= 3 && !/^[0-9]+$/.test(x.w) ? x.w : "");
    });
    return out;
  }

  // said is the query as the status repeats it: its spaces as one, and
  // cut after 60 characters, as the status is read aloud after each search.
  function said(q) {
    const cs = [...q.trim().replace(/\s+/g, " ")];
    return cs.length > 60 ? cs.slice(0, 59).join("").trimEnd() + "…" : cs.join("");
  }

  // nothingToSearch says why q, which parseQuery finds no term in, is not
  // searched: only common words, or no word at all (punctuation, emoji,
  // another script); "" for an empty query.
  function nothingToSearch(q) {
    if (!q.trim()) return "";
    return "Aucun mot à chercher\u00a0: «\u00a0" + said(q) + "\u00a0» ne contient " +
      (words(q).length ? "que des mots trop courants." : "ni lettre latine ni chiffre.");
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { terms, words, stem, shardKey, parseQuery, nothingToSearch };
    return;
  }
  if (typeof document === "undefined") return;

  // ---- The page ----
  const script = document.currentScript;
  const here = new URL(".", script.src); // …/recherche/
  const root = new URL("..", here); // the site's root
  const $ = (id) => document.getElementById(id);
  const form = $("recherche"), input = $("q"), status = $("search-status"), list = $("search-results"),
    more = $("search-more"), browse = $("parcourir"), controls = $("search-controls"), order = $("ordre");
  if (!form || !input) return;
  const FACETS = ["annee", "acteur", "article", "type", "procedure"];
  const sel = {};
  for (const f of FACETS) sel[f] = $("f-" + f);
  const PAGE = 20;

  const cache = new Map();
  function get(path) {
    if (!cache.has(path)) {
      cache.set(path, fetch(new URL(path, here)).then((r) => {
        if (!r.ok) throw new Error(r.status + " " + path);
        return r.json();
      }));
    }
    return cache.get(path);
  }
  // What every query needs first: the shards' keys (shards.json, small);
  // the facets (index.json) only for filters, asked for once the first
  // results are shown (or at once if a filter is chosen), so as not to
  // delay them.
  let lex = null;
  const lexicon = () => lex || (lex = get("shards.json").then((x) => {
    x.shardSet = new Set(x.shards);
    return x;
  }));
  // The facets of index.json, as numbers: a year, or a place in the
  // lists of kinds (from 1), procedures (from 1) and actors (from 0), or an
  // article's number. The address holds slugs and numbers: id and value
  // go from one to the other.
  let facets = null;
  const meta = () => facets || (facets = get("index.json").then((m) => {
    m.yearOf = new Int16Array(m.n);
    let d = 0;
    for (const [y, k] of m.years) m.yearOf.fill(y, d, (d += k));
    const titles = new Map(m.articles);
    const slugs = (list, from) => new Map(list.map(([slug], i) => [slug, i + from]));
    const bySlug = { type: slugs(m.types, 1), procedure: slugs(m.procedures, 1), acteur: slugs(m.actors, 0) };
    m.facet = {
      annee: { ids: m.years.map(([y]) => y), has: (d, v) => m.yearOf[d] === v, of: (d) => [m.yearOf[d]],
        id: Number, value: String, label: String },
      acteur: { ids: m.actors.map((_, i) => i), has: (d, v) => m.docs[d][2].includes(v), of: (d) => m.docs[d][2],
        id: (v) => bySlug.acteur.get(v) ?? -1, value: (i) => m.actors[i][0], label: (i) => m.actors[i][1] },
      article: { ids: m.articles.map(([n]) => n), has: (d, v) => m.docs[d][3].includes(v), of: (d) => m.docs[d][3],
        id: Number, value: String, label: (n) => "Article " + n + (titles.get(n) ? " – " + titles.get(n) : "") },
      type: { ids: m.types.map((_, i) => i + 1), has: (d, v) => m.docs[d][0] === v, of: (d) => [m.docs[d][0]],
        id: (v) => bySlug.type.get(v) ?? -1, value: (i) => m.types[i - 1][0], label: (i) => m.types[i - 1][1] },
      procedure: { ids: m.procedures.map((_, i) => i + 1), has: (d, v) => m.docs[d][1] === v, of: (d) => [m.docs[d][1]],
        id: (v) => bySlug.procedure.get(v) ?? -1, value: (i) => m.procedures[i - 1][0], label: (i) => m.procedures[i - 1][1] },
    };
    return m;
  }));

  // shardsFor returns the keys of the shards that may hold term (exact) or
  // terms starting with prefix.
  function shardsFor(m, term, prefix) {
    if (!prefix) {
      for (let n = 2; n <= 4; n++) {
        const k = shardKey(term, n);
        if (m.shardSet.has(k)) return [k];
      }
      return [];
    }
    // A shard of key k holds the terms starting with k: it may hold some
    // starting with prefix if one of the two starts with the other.
    return m.shards.filter((k) => (k.length <= prefix.length ? prefix.startsWith(k) : k.startsWith(prefix)));
  }

  // weights returns, for one part of the query, the best weight of each
  // document (0: no match) and the terms that matched.
  async function weights(m, part) {
    const best = new Uint8Array(m.n);
    const keys = new Set();
    for (const a of part.alts) for (const k of shardsFor(m, a, "")) keys.add(k);
    if (part.prefix) for (const k of shardsFor(m, "", part.prefix)) keys.add(k);
    const shards = await Promise.all([...keys].map((k) => get("t/" + k + ".json")));
    for (const shard of shards) {
      for (const t in shard) {
        if (!(part.alts.includes(t) || (part.prefix && t.startsWith(part.prefix)))) continue;
        let d = 0;
        for (const v of shard[t]) {
          d += Math.floor(v / 32);
          const w = v % 32;
          if (w > best[d]) best[d] = w;
        }
      }
    }
    return best;
  }

  // state is what the address says.
  function readState() {
    const p = new URLSearchParams(location.search);
    const s = { q: p.get("q") || "", ordre: p.get("ordre") === "date" ? "date" : "", n: PAGE };
    for (const f of FACETS) s[f] = p.get(f) || "";
    return s;
  }
  function stateURL(s) {
    const p = new URLSearchParams();
    if (s.q) p.set("q", s.q);
    for (const f of FACETS) if (s[f]) p.set(f, s[f]);
    if (s.ordre) p.set("ordre", s.ordre);
    const qs = p.toString();
    return location.pathname + (qs ? "?" + qs : "");
  }
  // formState reads the form. A filter whose values have not come yet
  // (index.json) keeps the value the address gave it.
  let asked = {};
  function formState() {
    const s = { q: input.value, ordre: order.value === "date" ? "date" : "", n: PAGE };
    for (const f of FACETS) s[f] = !sel[f] ? "" : filled ? sel[f].value : asked[f] || "";
    return s;
  }
  let filled = false; // the filters have their values
  function showState(s) {
    asked = s;
    input.value = s.q;
    order.value = s.ordre || "pertinence";
  }

  let run = 0; // the latest search: an older one that ends later is dropped
  let current = null;

  // filter returns, for the filters of s, the test a document must pass,
  // but for the filter except: the count of a filter's value is among the
  // matches that pass the other filters, what choosing it would give.
  function filter(m, s) {
    const want = {};
    for (const f of FACETS) if (s[f]) want[f] = m.facet[f].id(s[f]);
    const active = FACETS.filter((f) => f in want);
    return (d, except) => {
      for (const f of active) if (f !== except && !m.facet[f].has(d, want[f])) return false;
      return true;
    };
  }

  // known drops from s the filters whose value the site does not have (an
  // old link, a typo in the address), which would find nothing while the
  // filter showed no value, and writes the others as the filters do
  // (« 02024 » is « 2024 »). It says whether s changed.
  function known(m, s) {
    let changed = false;
    for (const f of FACETS) {
      if (!s[f]) continue;
      const facet = m.facet[f], id = facet.id(s[f]);
      const v = facet.ids.includes(id) ? String(facet.value(id)) : "";
      if (v !== s[f]) {
        s[f] = v;
        changed = true;
      }
    }
    return changed;
  }

  async function search(s) {
    const id = ++run;
    const [x, m0] = await Promise.all([lexicon(), FACETS.some((f) => s[f]) ? meta() : null]);
    if (id !== run) return;
    if (m0 && known(m0, s)) {
      asked = s;
      history.replaceState(null, "", stateURL(s));
    }
    const parts = parseQuery(s.q);
    const hasFilter = FACETS.some((f) => s[f]);
    controls.hidden = false;
    if (!parts.length && !hasFilter) {
      list.replaceChildren();
      more.hidden = true;
      if (browse) browse.hidden = false;
      status.textContent = nothingToSearch(s.q);
      current = null;
      // The filters offer every value, with its number of entries: one can
      // browse by them without a word.
      const m = await meta();
      if (id !== run) return;
      if (!m.all) m.all = Array.from({ length: m.n }, (_, d) => d);
      fillFilters(m, s, m.all, () => true);
      return;
    }
    if (browse) browse.hidden = true;
    let score = null;
    for (const part of parts) {
      const best = await weights(x, part);
      if (id !== run) return;
      if (!score) score = Uint32Array.from(best);
      else for (let d = 0; d < x.n; d++) score[d] = best[d] ? (score[d] ? score[d] + best[d] : 0) : 0;
    }
    // The matches of the query; the results are those that pass every
    // filter. Without a filter, the results are shown before the facets
    // have come.
    const matches = [];
    for (let d = 0; d < x.n; d++) if (!score || score[d]) matches.push(d);
    let hits = matches;
    if (hasFilter) {
      const m = await meta();
      if (id !== run) return;
      const pass = filter(m, s);
      hits = matches.filter((d) => pass(d, ""));
    }
    if (s.ordre !== "date" && score) {
      if (hits === matches) hits = matches.slice();
      hits.sort((a, b) => score[b] - score[a] || a - b);
    }
    current = { s, hits, parts, x };
    await show(id, s.n);
    const m = await meta();
    if (id === run) fillFilters(m, s, matches, filter(m, s));
  }

  function fillFilters(m, s, matches, pass) {
    for (const f of FACETS) {
      const el = sel[f], facet = m.facet[f];
      if (!el) continue;
      if (!facet.ids.length) {
        el.closest("p").hidden = true;
        continue;
      }
      const counts = new Map();
      let total = 0;
      if (matches) {
        for (const d of matches) {
          if (!pass(d, f)) continue;
          total++;
          for (const v of facet.of(d)) counts.set(v, (counts.get(v) || 0) + 1);
        }
      }
      const chosen = s[f] ? facet.id(s[f]) : null;
      const ids = facet.ids.filter((v) => counts.get(v) || v === chosen);
      if (f === "acteur") ids.sort((a, b) => (counts.get(b) || 0) - (counts.get(a) || 0) || facet.label(a).localeCompare(facet.label(b), "fr"));
      const all = f === "annee" || f === "procedure" ? "Toutes" : "Tous";
      const opts = [new Option(all + (matches ? " (" + total + ")" : ""), "")];
      for (const v of ids) opts.push(new Option(facet.label(v) + " (" + (counts.get(v) || 0) + ")", facet.value(v)));
      el.replaceChildren(...opts);
      el.value = s[f];
    }
    filled = true;
  }

  // mark writes text into el, with the words the query matched in <mark>.
  function mark(el, text, parts) {
    let at = 0;
    for (const x of words(text)) {
      const t = stem(x.w);
      const hit = parts.some((p) => p.alts.includes(t) || (p.prefix && (t.startsWith(p.prefix) || x.w.startsWith(p.prefix))));
      if (!hit || STOP.has(x.w)) continue;
      el.append(text.slice(at, x.start));
      const mk = document.createElement("mark");
      mk.textContent = text.slice(x.start, x.end);
      el.append(mk);
      at = x.end;
    }
    el.append(text.slice(at));
  }

  // item makes the result of document d, from its line of d/<n>.json.
  function item(doc, parts) {
    const [iso, date, title, summary, path, kind] = doc;
    const li = document.createElement("li");
    li.className = "search-result";
    const p = document.createElement("p");
    p.className = "date";
    const time = document.createElement("time");
    time.dateTime = iso;
    time.textContent = date;
    p.append(time);
    if (kind) p.append(" · " + kind);
    const h = document.createElement("h2");
    const a = document.createElement("a");
    a.href = new URL(path, root).pathname;
    mark(a, title, parts);
    h.append(a);
    li.append(p, h);
    if (summary) {
      const sp = document.createElement("p");
      sp.className = "summary";
      mark(sp, summary, parts);
      li.append(sp);
    }
    return li;
  }

  // show shows the first n results: the first few as soon as their files
  // of d/ came, then the others (a page of results may need 20 files,
  // which asked for at once would delay the first).
  async function show(id, n) {
    const { hits, parts, x, s } = current;
    const shown = hits.slice(0, n);
    const doc = (d) => get("d/" + Math.floor(d / x.chunk) + ".json").then((docs) => docs[d % x.chunk]);
    const first = Math.min(shown.length, 5);
    const head = await Promise.all(shown.slice(0, first).map(doc));
    if (id !== run) return;
    list.replaceChildren(...head.map((d) => item(d, parts)));
    const q = said(s.q);
    status.textContent = (hits.length === 0 ? "Aucun résultat" : hits.length === 1 ? "1 résultat" : hits.length.toLocaleString("fr-FR") + " résultats") +
      (q ? " pour «\u00a0" + q + "\u00a0»" : "") + (FACETS.some((f) => s[f]) ? " avec les filtres choisis" : "") +
      (hits.length > n ? "\u00a0; les " + n + " premiers sont affichés." : ".");
    const tail = await Promise.all(shown.slice(first).map(doc));
    if (id !== run) return;
    list.append(...tail.map((d) => item(d, parts)));
    more.hidden = hits.length <= n;
  }

  // ---- Events: typing replaces the address, a choice adds to history ----
  let timer = 0;
  // typed says that the address's entry of the history was made by typing:
  // typing more replaces it, but typing after a committed search (Enter, a
  // filter, the order, Back) makes an entry of its own, so that Back comes
  // back to that search.
  let typed = false;
  function commit(push) {
    const s = formState();
    const url = stateURL(s);
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
    return search(s).catch(failed);
  }
  // failed says that a file of the index could not be had (the network,
  // or a site rebuilt meanwhile): the next search asks again.
  function failed(err) {
    cache.clear();
    lex = facets = null;
    status.textContent = "La recherche n’a pas pu charger son index (" + err.message + ")\u00a0; réessayez dans un instant.";
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      commit(!typed);
      typed = true;
    }, 120);
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    typed = false;
    commit(true);
  });
  form.addEventListener("change", (ev) => {
    if (ev.target === input) return;
    clearTimeout(timer);
    typed = false;
    commit(true);
  });
  more.addEventListener("click", () => {
    if (!current) return;
    current.s.n += PAGE;
    show(run, current.s.n).then(() => {
      const next = list.children[current.s.n - PAGE];
      if (next) next.querySelector("a").focus();
    });
  });
  window.addEventListener("popstate", () => {
    clearTimeout(timer);
    typed = false;
    const s = readState();
    showState(s);
    search(s).catch(failed);
  });
  const s = readState();
  showState(s);
  search(s).catch(failed);
})();
