// "Back to results" for a reader who came from the listing: the listing's address, filters and
// page included, is the browser's to know. The page itself is the same for every reader (and may
// be served from the cache), so the server never builds it from the Referer.
(function () {
  const holder = document.querySelector("[data-back-from-referrer]");
  if (!holder || !document.referrer) return;
  const link = holder.querySelector("a");
  const from = new URL(document.referrer);
  if (from.origin !== location.origin || from.pathname !== new URL(link.href).pathname) return;
  link.href = from.pathname + from.search;
  holder.hidden = false;
})();
