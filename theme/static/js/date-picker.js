// "Xem tin theo ngày": opens the chosen day's archive, or the nearest earlier day with news
// (else the nearest later one) and passes the asked day as ?ngay= so that page can say so.
// The list of days with news is fetched only when the reader presses "Xem".
const pad = (number) => String(number).padStart(2, "0");

function siteRoot(form) {
  return new URL(`${form.dataset.siteRoot || "."}/`, window.location.href);
}

async function daysWithNews(form) {
  const response = await fetch(new URL(form.dataset.days, siteRoot(form)));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const { months } = await response.json();
  return Object.entries(months)
    .flatMap(([month, days]) => days.map((day) => `${month}-${pad(day)}`))
    .sort();
}

// ISO days sort as text: the asked day, else the last earlier day, else the first later one.
export function nearestDay(days, asked) {
  if (days.includes(asked)) return asked;
  const earlier = days.filter((day) => day < asked);
  if (earlier.length) return earlier[earlier.length - 1];
  return days.find((day) => day > asked) ?? null;
}

function askedDay(form) {
  const [day, month, year] = ["ngay", "thang", "nam"].map((name) => Number(form.elements[name].value));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return { error: `Không có ngày ${pad(day)}/${pad(month)}/${year}. Hãy chọn lại ngày.` };
  return { iso: `${year}-${pad(month)}-${pad(day)}` };
}

function dayUrl(form, iso, asked) {
  const [y, m, d] = iso.split("-");
  const path = form.dataset.dayUrl.replace("{y}", y).replace("{m}", m).replace("{d}", d);
  const url = new URL(path, siteRoot(form));
  if (asked !== iso) url.searchParams.set("ngay", asked);
  return url.href;
}

function setUp(form) {
  const message = form.querySelector(".date-picker__message");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const asked = askedDay(form);
    if (asked.error) {
      message.textContent = asked.error;
      return;
    }
    message.textContent = "Đang tìm ngày có tin…";
    try {
      const target = nearestDay(await daysWithNews(form), asked.iso);
      if (!target) {
        message.textContent = "Trang chưa có tin nào.";
        return;
      }
      window.location.assign(dayUrl(form, target, asked.iso));
    } catch {
      message.textContent = "Không tải được danh sách ngày có tin. Mời xem trang Lưu trữ.";
      form.submit();
    }
  });
}

document.querySelectorAll('[data-module="date-picker"]').forEach(setUp);
