// Document filter: select boxes for type, year and issuer over the static /van-ban/ list.
// Reads the site's document index (JSON), shows the matching documents instead of the
// static pages and announces the count; with every box on "Tất cả" the static list returns.
// Without JavaScript nothing of this exists and the lists per type, issuer and year remain.

// `param` keeps the choice in the address (?loai=Kế hoạch&nam=2024), so a filtered list
// can be bookmarked or shared and survives a reload.
import { element, labelledSelect } from "./dom.js";

const FIELDS = [
  { key: "type", label: "Loại văn bản", param: "loai" },
  { key: "year", label: "Năm ban hành", param: "nam" },
  { key: "issuer", label: "Cơ quan ban hành", param: "co-quan" },
];
const collator = new Intl.Collator("vi");

function distinctValues(documents, key) {
  const values = [...new Set(documents.map((doc) => doc[key]).filter((v) => v !== null && v !== ""))];
  return key === "year" ? values.sort((a, b) => b - a) : values.sort(collator.compare);
}

function buildSelect(field, values, index) {
  const id = `document-filter-${field.key}-${index}`;
  return labelledSelect({ id, label: field.label, name: field.key, values, fieldClass: "document-filter__field" });
}

function documentCard(doc, siteRoot) {
  const item = element("li", { class: "document-card" });
  const meta = element("p", { class: "document-card__meta" });
  meta.append(element("span", { class: "document-card__number" }, `Số ${doc.number}`));
  if (doc.issued) {
    meta.append(" · ", element("time", { datetime: doc.issued }, doc.issued_text));
  }
  meta.append(" · ", element("span", { class: "document-card__type" }, doc.type));
  meta.append(" · ", element("span", { class: "document-status" }, doc.status));
  const title = element("h2", { class: "document-card__title" });
  title.append(element("a", { href: new URL(doc.url, siteRoot).href }, doc.title));
  item.append(meta, title);
  if (doc.abstract) item.append(element("p", { class: "document-card__abstract" }, doc.abstract));
  return item;
}

function setUp(root, data, index) {
  const siteRoot = new URL(root.dataset.root || "./", document.baseURI);
  const staticPart = root.querySelector(".document-browser__static");
  const form = element("form", { class: "document-filter", role: "search", "aria-label": "Lọc văn bản" });
  const selects = FIELDS.map((field) => {
    const { wrapper, select } = buildSelect(field, distinctValues(data.documents, field.key), index);
    form.append(wrapper);
    return select;
  });
  const reset = element("button", { type: "button", class: "document-filter__reset" }, "Bỏ lọc");
  form.append(reset);
  const status = element("p", { class: "document-filter__status", role: "status", "aria-live": "polite" });
  const results = element("ul", { class: "document-list document-filter__results" });
  results.hidden = true;
  root.prepend(form, status);
  root.append(results);

  function remember() {
    const url = new URL(window.location.href);
    FIELDS.forEach((field, i) => {
      if (selects[i].value) url.searchParams.set(field.param, selects[i].value);
      else url.searchParams.delete(field.param);
    });
    window.history.replaceState(null, "", url);
  }

  function apply() {
    remember();
    const chosen = Object.fromEntries(selects.map((s) => [s.name, s.value]));
    const active = Object.values(chosen).some((value) => value !== "");
    staticPart.hidden = active;
    results.hidden = !active;
    results.replaceChildren();
    if (!active) {
      status.textContent = `Đang hiển thị tất cả ${data.documents.length} văn bản.`;
      return;
    }
    const found = data.documents.filter((doc) =>
      FIELDS.every(({ key }) => chosen[key] === "" || String(doc[key]) === chosen[key]),
    );
    results.append(...found.map((doc) => documentCard(doc, siteRoot)));
    status.textContent = found.length
      ? `Tìm thấy ${found.length} văn bản phù hợp.`
      : "Không có văn bản nào phù hợp. Hãy chọn lại hoặc bấm «Bỏ lọc».";
  }

  const asked = new URLSearchParams(window.location.search);
  FIELDS.forEach((field, i) => {
    const wanted = asked.get(field.param);
    if (wanted && [...selects[i].options].some((option) => option.value === wanted)) selects[i].value = wanted;
  });
  if (selects.some((select) => select.value)) apply();
  for (const select of selects) select.addEventListener("change", apply);
  reset.addEventListener("click", () => {
    for (const select of selects) select.value = "";
    apply();
    selects[0].focus();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
}

async function init(root, index) {
  try {
    const response = await fetch(new URL(root.dataset.index, document.baseURI));
    if (!response.ok) return;
    setUp(root, await response.json(), index);
  } catch (error) {
    // The static list stays as it is; the filter is only a shortcut.
    console.warn("document-filter:", error);
  }
}

document.querySelectorAll('[data-module="document-filter"]').forEach((root, index) => init(root, index));
