// On a day archive opened by the date picker for a day without news (?ngay=2019-11-22):
// "Không có tin ngày 22/11/2019; đang hiển thị tin ngày 21/11/2019", in a live region.
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function shown(iso) {
  const [, year, month, day] = ISO_DAY.exec(iso);
  return `${day}/${month}/${year}`;
}

function setUp(notice) {
  const asked = new URLSearchParams(window.location.search).get("ngay");
  const here = notice.dataset.day;
  if (!asked || !ISO_DAY.test(asked) || !ISO_DAY.test(here) || asked === here) return;
  notice.textContent = `Không có tin ngày ${shown(asked)}; đang hiển thị tin ngày ${shown(here)}.`;
  notice.classList.add("is-shown");
}

document.querySelectorAll('[data-module="day-notice"]').forEach(setUp);
