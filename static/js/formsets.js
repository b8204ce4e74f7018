// Repeated groups (partners, learning questions, key insights) with JavaScript: one blank row
// instead of the several the server adds for browsers without it, an "Add another" button that
// copies the formset's empty form, and for partners "Move up"/"Move down" buttons that keep the
// rank inputs in step with the order on screen (the server saves rows by rank).
(() => {
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (_match, key) => values[key] ?? "");

  function isBlank(row) {
    return [...row.querySelectorAll("input, select, textarea")].every((field) => {
      if (field.type === "hidden") return true;
      if (field.type === "checkbox" || field.type === "radio") return !field.checked;
      return field.value.trim() === "" || field.value === "unknown";
    });
  }

  function enhance(formset) {
    const prefix = formset.dataset.formset;
    const total = formset.querySelector(`[name="${prefix}-TOTAL_FORMS"]`);
    const initial = Number(formset.querySelector(`[name="${prefix}-INITIAL_FORMS"]`).value);
    const max = Number(formset.querySelector(`[name="${prefix}-MAX_NUM_FORMS"]`).value);
    const rowsBox = formset.querySelector("[data-rows]");
    const template = formset.querySelector("template[data-empty-row]");
    const addButton = formset.querySelector("[data-add]");
    const status = formset.querySelector("[data-status]");
    const rows = () => [...rowsBox.querySelectorAll(":scope > [data-row]")];
    const rank = (row) => row.querySelector(`input[name$="-position"]`);

    // Rows are numbered as shown; ranks go to the rows that say something, in that order.
    function renumber() {
      let position = 0;
      const list = rows();
      list.forEach((row, index) => {
        row.querySelector("[data-number]").textContent = String(index + 1);
        // aria-disabled, not disabled: a button that loses its use keeps the keyboard's focus.
        const up = row.querySelector("[data-move-up]");
        const down = row.querySelector("[data-move-down]");
        if (up) up.setAttribute("aria-disabled", String(index === 0));
        if (down) down.setAttribute("aria-disabled", String(index === list.length - 1));
        const field = rank(row);
        if (field) field.value = isBlank(row) ? "" : String((position += 1));
      });
      addButton.hidden = Number(total.value) >= max;
    }

    function add() {
      const index = Number(total.value);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      rowsBox.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const row = rows().at(-1);
      setUp(row);
      renumber();
      status.textContent = fill(status.dataset.added, { number: rows().length });
      // The first field one can see: a partner's rank input is there but hidden.
      const fields = row.querySelectorAll("input:not([type=hidden]), textarea, select");
      [...fields].find((field) => !field.closest("[hidden]"))?.focus();
    }

    function move(row, step) {
      const list = rows();
      const target = list[list.indexOf(row) + step];
      if (!target) return;
      if (step < 0) rowsBox.insertBefore(row, target);
      else rowsBox.insertBefore(target, row);
      renumber();
      const position = rows().indexOf(row) + 1;
      status.textContent = fill(status.dataset.moved, { position, count: rows().length });
    }

    function setUp(row) {
      const tools = row.querySelector("[data-move]");
      if (!tools) return;
      tools.hidden = false;
      const field = rank(row);
      if (field) {
        // The buttons set the rank; its input stays as the carrier.
        const wrapper = document.getElementById(`div_${field.id}`) || field;
        wrapper.hidden = true;
      }
      for (const [selector, step] of [
        ["[data-move-up]", -1],
        ["[data-move-down]", 1],
      ]) {
        const button = tools.querySelector(selector);
        button.addEventListener("click", () => {
          move(row, step);
          button.focus(); // moving the row must not lose the keyboard's place
        });
      }
    }

    // Without JavaScript the server shows several blank rows; one is enough here.
    const extra = rows().slice(initial);
    const trailing = [];
    for (const row of extra.reverse()) {
      if (!isBlank(row)) break;
      trailing.push(row);
    }
    const keep = rows().length === trailing.length ? 1 : 0;
    trailing.slice(0, trailing.length - keep).forEach((row) => {
      row.remove();
    });
    total.value = String(rows().length);

    rows().forEach(setUp);
    addButton.addEventListener("click", add);
    formset.closest("form").addEventListener("submit", renumber);
    renumber();
  }

  document.querySelectorAll("[data-formset]").forEach(enhance);
})();
