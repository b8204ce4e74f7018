// A checkbox in a table's header ticks every lab of its group (hidden without JavaScript).
document.querySelectorAll("[data-select-all]").forEach((all) => {
  const boxes = () => document.querySelectorAll(`[data-group="${all.dataset.selectAll}"]`);
  all.hidden = false;
  all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
});
