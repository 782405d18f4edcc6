// Main menu: below 48rem the list hides behind a "Danh mục" button (aria-expanded).
const NARROW = window.matchMedia("(max-width: 47.99rem)");

function setUp(nav) {
  const list = nav.querySelector("ul");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "site-nav__toggle button";
  button.textContent = "Danh mục";
  button.setAttribute("aria-controls", list.id);
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    list.classList.toggle("is-open", open);
  });
  nav.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && NARROW.matches && list.classList.contains("is-open")) {
      button.click();
      button.focus();
    }
  });
  nav.prepend(button);
}

document.querySelectorAll('[data-module="menu"]').forEach(setUp);
