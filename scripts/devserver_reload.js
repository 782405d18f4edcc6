// Served by scripts/devserver.py only (never part of the site): reload the page once
// the site has been rebuilt after the build this page came from.
const since = new URL(import.meta.url).searchParams.get("build") || "0";
const events = new EventSource(`/__devserver__/events?since=${since}`);
events.addEventListener("message", (event) => {
  if (event.data === "reload") {
    window.location.reload();
  }
});
