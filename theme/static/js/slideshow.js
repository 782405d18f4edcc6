// Header banner: shows one slide at a time; pauses on the button, on hover and on focus;
// never starts by itself under prefers-reduced-motion.
const DELAY_MS = 7000;
const REDUCED = window.matchMedia("(prefers-reduced-motion: reduce)");

function setUp(root) {
  const slides = [...root.querySelectorAll(".slideshow__slide")];
  if (slides.length < 2) return;
  let current = 0;
  let timer = null;
  let playing = !REDUCED.matches;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "slideshow__toggle";

  const show = (index) => {
    slides[current].classList.remove("is-current");
    current = (index + slides.length) % slides.length;
    slides[current].classList.add("is-current");
  };
  const stop = () => { clearInterval(timer); timer = null; };
  const start = () => { if (playing && !timer) timer = setInterval(() => show(current + 1), DELAY_MS); };
  const list = root.querySelector(".slideshow__slides");
  const label = () => {
    // Screen readers hear a slide change only when the reader moves it, not every few seconds.
    list.setAttribute("aria-live", playing ? "off" : "polite");
    // The label says what pressing does now, so no aria-pressed as well.
    button.textContent = playing ? "Tạm dừng ảnh" : "Chạy ảnh";
  };

  button.addEventListener("click", () => {
    playing = !playing;
    label();
    playing ? start() : stop();
  });
  root.addEventListener("mouseenter", stop);
  root.addEventListener("mouseleave", start);
  root.addEventListener("focusin", (event) => { if (event.target !== button) stop(); });
  root.addEventListener("focusout", start);
  root.classList.add("is-enhanced");
  root.append(button);
  label();
  start();
}

document.querySelectorAll('[data-module="slideshow"]').forEach(setUp);
