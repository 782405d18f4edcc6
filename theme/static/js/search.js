// Search on /tim-kiem/: queries the Pagefind bundle the build writes (plugins/search) and shows
// results with title, date, category and a snippet with the words marked. Vietnamese-aware:
// the query is searched folded (marks and đ removed; the index holds every page's words
// folded, each once), and, from each result's record (title, date, category, number and
// text, written by the plugin beside the index), results that contain the exact spelling,
// all the words or the phrase rank first; a document number ("01/KH-LĐLĐ", "01/KH") finds
// its document first.
// Without JavaScript the page keeps its form and its lists of categories, dates and tags.

import { element, labelledSelect } from "./dom.js";

const PAGE_SIZE = 10;
// Results whose text is loaded and re-ranked before the first page is shown.
const RERANK_WINDOW = 20;
const SNIPPET_WORDS = 30;
const FILTERS = [
  { key: "category", label: "Chuyên mục", param: "chuyen-muc" },
  { key: "year", label: "Năm đăng", param: "nam" },
  { key: "type", label: "Loại văn bản", param: "loai" },
];
// A slow or broken connection: say so, and how to try again.
const LOAD_FAILED = "Chưa tải được kết quả (mạng chậm hoặc mất kết nối). Hãy bấm «Tìm» để thử lại.";
const dateFormat = new Intl.DateTimeFormat("vi-VN", {
  day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Asia/Ho_Chi_Minh",
});

// --- Pure rules, mirroring plugins/vietnamese/text.py and plugins/search/keys.py ---------

export function fold(text) {
  const bare = text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/\p{M}/gu, "");
  return bare.normalize("NFC");
}

export function numberKey(text) {
  const folded = fold(text).toLowerCase().trim().replace(/^so\s*:?\s*/, "");
  return folded.replace(/[^0-9a-z]/g, "").replace(/^0+/, "");
}

const looksLikeNumber = (query) => /\d\s*\/\s*[\p{L}\d]/u.test(query);
const wordKey = (word) => fold(word).toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
const exactKey = (word) => word.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
const words = (text) => text.split(/\s+/).filter(Boolean);

// --- Ranking: Pagefind's order, then the exact spelling, all the words, the phrase -------

function termMatches(key, term, isLast) {
  return isLast ? key.startsWith(term) : key === term;
}

function score(data, query, position) {
  const typed = words(query).map(exactKey).filter(Boolean);
  const folded = typed.map(wordKey);
  const title = data.title || "";
  const text = `${title} ${data.text}`;
  const textWords = words(text);
  const foldedSet = new Set(textWords.map(wordKey));
  const exactSet = new Set(textWords.map(exactKey));
  const has = (term, i) => [...foldedSet].some((key) => termMatches(key, term, i === folded.length - 1));
  let points = -position / 100;
  const found = folded.filter(has).length;
  points += 10 * found + (found === folded.length ? 20 : 0);
  const phrase = folded.join(" ");
  const foldedText = textWords.map(wordKey).join(" ");
  if (folded.length > 1 && foldedText.includes(phrase)) points += 40;
  if (fold(title).toLowerCase().includes(fold(query).toLowerCase().trim())) points += 30;
  if (typed.some((term, i) => term !== folded[i])) {
    points += 15 * typed.filter((term) => exactSet.has(term)).length;
    if (text.toLowerCase().includes(query.toLowerCase().trim())) points += 40;
  }
  if (looksLikeNumber(query) && data.number) {
    const wanted = numberKey(query);
    const have = numberKey(data.number);
    if (have === wanted) points += 1100;
    else if (have.startsWith(wanted)) points += 1000;
  }
  return points;
}

// --- Snippets: the reader's text (never the folded copy) around the words, marked ---------

function snippet(data, query) {
  const terms = words(query).map(wordKey).filter(Boolean);
  const textWords = words(data.text);
  const hits = textWords.map((word) => terms.some((term, i) => termMatches(wordKey(word), term, i === terms.length - 1)));
  let best = 0;
  let bestCount = -1;
  for (let start = 0; start < Math.max(1, textWords.length - SNIPPET_WORDS + 1); start += 1) {
    const count = hits.slice(start, start + SNIPPET_WORDS).filter(Boolean).length;
    if (count > bestCount) [best, bestCount] = [start, count];
  }
  const paragraph = element("p", { class: "search-result__snippet" });
  if (best > 0) paragraph.append("… ");
  textWords.slice(best, best + SNIPPET_WORDS).forEach((word, i) => {
    if (i) paragraph.append(" ");
    paragraph.append(hits[best + i] ? element("mark", {}, word) : word);
  });
  if (best + SNIPPET_WORDS < textWords.length) paragraph.append(" …");
  return paragraph;
}

function resultItem(data, query, siteRoot) {
  const item = element("li", { class: "search-result" });
  const heading = element("h2", { class: "search-result__title" });
  const href = new URL(data.url.replace(/^\//, ""), siteRoot).href;
  heading.append(element("a", { href }, data.title || data.url));
  const meta = element("p", { class: "search-result__meta" });
  if (data.date) {
    meta.append(element("time", { datetime: data.date }, dateFormat.format(new Date(data.date))));
  }
  if (data.category) meta.append(" · ", element("span", {}, data.category));
  if (data.number) meta.append(" · ", element("span", {}, `Số ${data.number}`));
  item.append(heading, meta, snippet(data, query));
  return item;
}

// --- Querying Pagefind ----------------------------------------------------------------

// Only the folded query: the index holds only folded words. The exact spelling is ranked
// first by score() over the first RERANK_WINDOW results.
function queries(query) {
  const list = [fold(query)];
  if (looksLikeNumber(query) && numberKey(query)) list.push(numberKey(query));
  return list;
}

async function runSearches(pagefind, query, filters) {
  const merged = new Map();
  const add = (results, weight) => results.forEach((result, position) => {
    const seen = merged.get(result.id);
    const rank = position - weight;
    if (!seen || rank < seen.rank) merged.set(result.id, { result, rank });
  });
  for (const [i, term] of queries(query).entries()) {
    const found = await pagefind.search(term, { filters });
    add(found ? found.results : [], i * 1000);
  }
  const terms = words(fold(query));
  if (terms.length > 1 && merged.size < RERANK_WINDOW) {
    // Pages with only some of the words come after those with all of them.
    for (const term of terms) {
      const found = await pagefind.search(term, { filters });
      add(found ? found.results : [], -10000);
    }
  }
  return [...merged.values()].sort((a, b) => a.rank - b.rank).map((entry) => entry.result);
}

// A result's record: plugins/search writes <bundle>record/<Pagefind page id>.json. Read
// instead of Pagefind's own fragment, whose text is the folded words it indexed.
async function loadRecord(bundle, result) {
  const response = await fetch(`${bundle}record/${result.id}.json`);
  if (!response.ok) throw new Error(`search record ${result.id}: ${response.status}`);
  return response.json();
}

async function loadRanked(bundle, results, query, offset) {
  const datas = await Promise.all(results.map((result) => loadRecord(bundle, result)));
  return datas
    .map((data, i) => ({ data, points: score(data, query, offset + i) }))
    .sort((a, b) => b.points - a.points)
    .map((entry) => entry.data);
}

// --- The page -------------------------------------------------------------------------

function filterSelect(filter, values, index) {
  const id = `search-filter-${filter.key}-${index}`;
  const fieldClass = "search-filter__field";
  return { ...labelledSelect({ id, label: filter.label, name: filter.param, values, fieldClass }), filter };
}

function announce(status, count, query) {
  status.textContent = count
    ? `Tìm thấy ${count.toLocaleString("vi-VN")} kết quả cho «${query}».`
    : `Không tìm thấy kết quả nào cho «${query}». Hãy thử từ khóa khác, ít từ hơn, hoặc xem tin theo chuyên mục bên dưới.`;
}

function createUi(root, form, choices, index) {
  const filters = element("div", { class: "search-filter" });
  const selects = FILTERS.filter((f) => (choices[f.key] || []).length)
    .map((f) => filterSelect(f, choices[f.key], index));
  selects.forEach(({ wrapper }) => filters.append(wrapper));
  const status = element("p", { class: "search-results__status", role: "status", "aria-live": "polite" });
  const list = element("ol", { class: "search-results__list" });
  const more = element("button", { type: "button", class: "button search-results__more", hidden: "" }, "Xem thêm kết quả");
  form.append(filters);
  root.append(status, list, more);
  return { selects, status, list, more };
}

function readAddress(input, selects) {
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  for (const { select, filter } of selects) {
    const wanted = params.get(filter.param);
    if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  }
}

function writeAddress(query, selects) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const { select, filter } of selects) if (select.value) params.set(filter.param, select.value);
  const search = params.toString();
  window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
}

async function init(root, index) {
  const input = document.getElementById(root.dataset.input);
  if (!input || !input.form) return;
  const form = input.form;
  const siteRoot = new URL(root.dataset.root || "./", document.baseURI);
  const bundle = new URL(root.dataset.bundle, document.baseURI).href;
  let pagefind;
  try {
    pagefind = await import(`${bundle}pagefind.js`);
    // No worker: a worker script gets its own CSP, and only this page may compile WebAssembly.
    await pagefind.options({ basePath: bundle, noWorker: true });
    await pagefind.init();
  } catch (error) {
    root.append(element("p", { role: "status" }, "Chưa tải được công cụ tìm kiếm; hãy dùng các danh mục bên dưới."));
    return;
  }
  // The choices are rendered into the page at build time (the site's categories, years, types).
  const ui = createUi(root, form, JSON.parse(root.dataset.filters || "{}"), index);
  const state = { results: [], loaded: 0, pending: [], query: "", run: 0 };

  // Results are loaded (their text fetched) and ranked in windows; `pending` holds ranked
  // results not shown yet, so the first page is the best of the first RERANK_WINDOW.
  async function loadNext(run) {
    const size = state.loaded ? PAGE_SIZE : RERANK_WINDOW;
    const batch = state.results.slice(state.loaded, state.loaded + size);
    const ranked = await loadRanked(bundle, batch, state.query, state.loaded);
    if (run !== state.run) return;
    state.loaded += batch.length;
    state.pending.push(...ranked.map((data) => resultItem(data, state.query, siteRoot)));
  }

  async function showPage(focusFirst) {
    const run = state.run;
    if (state.pending.length < PAGE_SIZE && state.loaded < state.results.length) await loadNext(run);
    if (run !== state.run) return;
    const items = state.pending.splice(0, PAGE_SIZE);
    items.forEach((item) => ui.list.append(item));
    ui.more.hidden = !state.pending.length && state.loaded >= state.results.length;
    if (focusFirst && items.length) items[0].querySelector("a").focus();
  }

  async function search() {
    const query = input.value.normalize("NFC").trim();
    writeAddress(query, ui.selects);
    state.run += 1;
    Object.assign(state, { results: [], loaded: 0, query, pending: [] });
    ui.list.replaceChildren();
    ui.more.hidden = true;
    if (!query) {
      ui.status.textContent = "";
      return;
    }
    const filters = Object.fromEntries(ui.selects.filter((s) => s.select.value).map((s) => [s.filter.key, s.select.value]));
    const run = state.run;
    ui.status.textContent = "Đang tìm…";
    try {
      const results = await runSearches(pagefind, query, filters);
      if (run !== state.run) return;
      state.results = results;
      await showPage(false);
      announce(ui.status, results.length, query);
    } catch (error) {
      if (run === state.run) ui.status.textContent = LOAD_FAILED;
    }
  }

  async function showMore() {
    try {
      await showPage(true);
    } catch (error) {
      ui.status.textContent = LOAD_FAILED;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  ui.selects.forEach(({ select }) => select.addEventListener("change", search));
  ui.more.addEventListener("click", showMore);
  readAddress(input, ui.selects);
  if (input.value) search();
}

document.querySelectorAll('[data-module="search"]').forEach((root, index) => init(root, index));
