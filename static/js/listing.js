// Progressive enhancement of the plan listing: the form works without this file, and nothing
// here submits it: filters and sort apply on the visitor's Apply or Sort (WCAG 3.2.2).
(function () {
  const form = document.getElementById("plan-filters");
  if (!form) return;

  // The filter panel is open from tablet width up (the stylesheet shows it there too).
  const panel = document.getElementById("filter-panel");
  const wide = window.matchMedia("(min-width: 768px)");
  const fit = function () { panel.open = wide.matches; };
  fit();
  wide.addEventListener("change", fit);

  // "Show all" loads the facet's every option in place, ticked boxes kept, focus on the first.
  form.addEventListener("click", async function (event) {
    const link = event.target.closest("a.facet-all");
    if (!link) return;
    event.preventDefault();
    const fieldset = link.closest("fieldset");
    const ticked = new Set(
      Array.from(fieldset.querySelectorAll("input:checked"), function (box) { return box.value; })
    );
    const response = await fetch(link.href, { headers: { Accept: "text/html" } });
    if (!response.ok) { window.location.href = link.href; return; }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const all = page.getElementById(fieldset.id);
    if (!all) { window.location.href = link.href; return; }
    for (const box of all.querySelectorAll("input")) box.checked = ticked.has(box.value);
    fieldset.replaceWith(all);
    all.querySelector("input").focus();
  });
})();
