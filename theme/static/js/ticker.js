// Slogan ticker: CSS moves it (never under prefers-reduced-motion); this adds the pause button.
const REDUCED = window.matchMedia("(prefers-reduced-motion: reduce)");

function setUp(root) {
  if (REDUCED.matches) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "ticker__toggle";
  const label = () => {
    const paused = root.classList.contains("is-paused");
    button.textContent = paused ? "Chạy khẩu hiệu" : "Dừng khẩu hiệu";
    button.setAttribute("aria-pressed", String(paused));
  };
  button.addEventListener("click", () => {
    root.classList.toggle("is-paused");
    label();
  });
  label();
  root.append(button);
  root.classList.add("is-moving");
}

document.querySelectorAll('[data-module="ticker"]').forEach(setUp);
