// "Cỡ chữ" A- A A+: steps through STEPS for the article text; the choice is kept in localStorage
// so it carries to every article; each button disables at its end.
const STEPS = 7;
const DEFAULT_STEP = 2;
const KEY = "congdoan.font-step";

function savedStep() {
  try {
    const step = Number.parseInt(localStorage.getItem(KEY), 10);
    return Number.isInteger(step) && step >= 0 && step < STEPS ? step : DEFAULT_STEP;
  } catch {
    return DEFAULT_STEP;
  }
}

function save(step) {
  try {
    localStorage.setItem(KEY, String(step));
  } catch {
    // Private mode or storage off: the size still applies to this page.
  }
}

function button(text, label, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "font-size__button";
  // The letters (A- A A+) are drawn by CSS from data-letters: a picture of the action whose
  // name is the Vietnamese label.
  element.dataset.letters = text;
  element.setAttribute("aria-label", label);
  element.addEventListener("click", onClick);
  return element;
}

function setUp(root) {
  const target = document.getElementById(root.dataset.target);
  if (!target) return;
  let step = savedStep();
  const apply = () => {
    target.dataset.fontStep = String(step);
    smaller.disabled = step === 0;
    larger.disabled = step === STEPS - 1;
    // "A" stays pressable and shows (aria-pressed) when the text is at its default size.
    reset.setAttribute("aria-pressed", String(step === DEFAULT_STEP));
  };
  const change = (next, fallback) => {
    step = next;
    save(step);
    const focused = document.activeElement;
    apply();
    // A button that just became disabled loses focus; keep the keyboard user in the group.
    if (focused && focused.disabled) fallback.focus();
  };
  const smaller = button("A-", "Giảm cỡ chữ", () => change(Math.max(0, step - 1), larger));
  const reset = button("A", "Cỡ chữ mặc định", () => change(DEFAULT_STEP, larger));
  const larger = button("A+", "Tăng cỡ chữ", () => change(Math.min(STEPS - 1, step + 1), smaller));
  const label = document.createElement("span");
  label.className = "font-size__label";
  label.id = `${root.dataset.target}-font-size`;
  label.textContent = "Cỡ chữ";
  root.setAttribute("role", "group");
  root.setAttribute("aria-labelledby", label.id);
  root.append(label, smaller, reset, larger);
  apply();
}

document.querySelectorAll('[data-module="font-size"]').forEach(setUp);
