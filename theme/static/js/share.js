// Article toolbar: "In bài viết" (print dialog) and "Chia sẻ" (Web Share API, which reaches Zalo
// and other apps on phones; elsewhere it copies the link and says so). Links get the page's address.
function pageAddress() {
  const url = new URL(window.location.href);
  url.search = "";
  url.hash = "";
  return url.href;
}

function item(text, onClick) {
  const li = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "share__button";
  button.textContent = text;
  button.addEventListener("click", onClick);
  li.append(button);
  return li;
}

async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return true;
  }
  const field = document.createElement("textarea");
  field.value = text;
  field.setAttribute("readonly", "");
  field.className = "visually-hidden";
  document.body.append(field);
  field.select();
  const done = document.execCommand("copy");
  field.remove();
  return done;
}

function retarget(root, address) {
  const encoded = encodeURIComponent(address);
  root.querySelectorAll("a[data-share-kind]").forEach((link) => {
    const href = link.getAttribute("href");
    const at = href.lastIndexOf(link.dataset.shareKind === "facebook" ? "u=" : "body=");
    if (at >= 0) link.setAttribute("href", href.slice(0, href.indexOf("=", at) + 1) + encoded);
  });
}

function setUp(root) {
  const address = pageAddress();
  const title = root.dataset.title || document.title;
  const status = document.createElement("p");
  status.className = "share__status";
  status.setAttribute("role", "status");
  retarget(root, address);
  root.prepend(item("In bài viết", () => window.print()));
  root.append(
    item("Chia sẻ", async () => {
      if (navigator.share) {
        try {
          await navigator.share({ title, url: address });
          return;
        } catch (error) {
          if (error.name === "AbortError") return;
        }
      }
      let copied = false;
      try {
        copied = await copy(address);
      } catch {
        copied = false;
      }
      status.textContent = copied
        ? "Đã sao chép đường dẫn bài viết. Hãy dán vào Zalo, Facebook hoặc thư."
        : `Hãy sao chép đường dẫn: ${address}`;
    }),
  );
  root.after(status);
}

document.querySelectorAll('[data-module="share"]').forEach(setUp);
