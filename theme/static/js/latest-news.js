// "Tin mới" beside an article. The list is a small page of its own (du-lieu/tin-moi.html), so
// that publishing an article rewrites that one file, not every article page. Without
// JavaScript, or if it cannot be fetched, the section keeps its link to the home page's list.

// The fetched list's links are relative to the list's own address: make them work from here.
function anchored(list, base) {
  for (const node of list.querySelectorAll("[href], [src]")) {
    for (const name of ["href", "src"]) {
      const value = node.getAttribute(name);
      if (value !== null) node.setAttribute(name, new URL(value, base).href);
    }
  }
  return list;
}

async function fillIn(section) {
  const address = new URL(section.dataset.latest, window.location.href);
  const response = await fetch(address);
  if (!response.ok) return;
  const fetched = new DOMParser().parseFromString(await response.text(), "text/html");
  const list = fetched.querySelector(".article-list");
  if (list) section.querySelector(".latest-news__more").before(document.adoptNode(anchored(list, address)));
}

for (const section of document.querySelectorAll('[data-module="latest-news"]')) {
  fillIn(section).catch(() => {}); // the link to the home page stays
}
