// Slogan ticker: CSS moves it (never under prefers-reduced-motion); this adds the pause button.
const REDUCED = window.matchMedia("(prefers-reduced-motion: reduce)");

function setUp(root) {
  if (REDUCED.matches) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "ticker__toggle";
  const label = () => {
    const paused = root.classList.contains("is-paused");
    // The label says what pressing does now, so no aria-pressed as well.
    button.textContent = paused ? "Chạy khẩu hiệu" : "Dừng khẩu hiệu";
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
