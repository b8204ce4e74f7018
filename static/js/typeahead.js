// Turns each <select multiple data-typeahead> into a filter-as-you-type combobox with removable
// chosen terms. The select stays in the form (hidden) and is what gets submitted, so the server
// sees exactly what it sees without JavaScript. When the page also has a "propose" textarea for
// the field (id_<name>_new), a typed term that is on no option can be proposed: it goes into that
// textarea, one term a line, and the server decides whether it is new.
(() => {
  const MAX_SHOWN = 12;
  let counter = 0;

  // Compare as the eye does: no case, no accents, single spaces.
  const fold = (text) =>
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (_match, key) => values[key] ?? "");

  function enhance(select) {
    const text = select.dataset;
    const label = document.querySelector(`label[for="${select.id}"]`);
    const hint = document.getElementById(`${select.id}_helptext`);
    const proposals = document.getElementById(`${select.id}_new`);
    const listId = `${select.id}-options`;

    const box = document.createElement("div");
    box.className = "typeahead";
    const chosen = document.createElement("ul");
    chosen.className = "typeahead-chosen list-unstyled d-flex flex-wrap gap-1 mb-1";
    const input = document.createElement("input");
    Object.assign(input, {
      type: "text",
      id: `${select.id}-search`,
      className: "form-control",
      autocomplete: "off",
    });
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    const list = document.createElement("ul");
    list.id = listId;
    list.className = "typeahead-options list-group";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    box.append(chosen, input, list, status);

    select.hidden = true;
    select.insertAdjacentElement("afterend", box);
    if (label) {
      label.htmlFor = input.id;
      list.setAttribute("aria-label", label.textContent.trim());
    }
    if (hint) hint.textContent = text.hint;
    // What the server said is wrong with the field belongs to the input now.
    const errors = [...document.querySelectorAll(`[id^="error_"][id$="_${select.id}"]`)];
    if (select.classList.contains("is-invalid")) {
      input.classList.add("is-invalid");
      input.setAttribute("aria-invalid", "true");
    }
    const described = [...errors, hint].filter(Boolean).map((element) => element.id);
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    if (proposals && !proposals.classList.contains("is-invalid")) {
      // The proposals are shown as chosen terms; their own field is only the carrier (unless
      // the server found something wrong in it, which is shown there).
      const wrapper = document.getElementById(`div_${proposals.id}`) || proposals;
      wrapper.hidden = true;
    }

    const proposed = () =>
      proposals ? proposals.value.split("\n").map((t) => t.trim()).filter(Boolean) : [];
    const setProposed = (terms) => {
      proposals.value = terms.join("\n");
    };
    const announce = (message) => {
      status.textContent = message;
    };

    function renderChosen() {
      chosen.replaceChildren();
      const add = (name, onRemove, isProposed) => {
        const item = document.createElement("li");
        item.className = "badge text-bg-light border d-inline-flex align-items-center gap-1";
        const name_ = document.createElement("span");
        name_.textContent = isProposed ? `${name} (${text.proposed})` : name;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close btn-sm";
        remove.setAttribute("aria-label", fill(text.remove, { term: name }));
        remove.addEventListener("click", () => {
          onRemove();
          renderChosen();
          announce(fill(text.removed, { term: name }));
          input.focus();
        });
        item.append(name_, remove);
        chosen.append(item);
      };
      for (const option of select.selectedOptions) {
        add(option.text, () => {
          option.selected = false;
        });
      }
      for (const term of proposed()) {
        add(term, () => setProposed(proposed().filter((t) => t !== term)), true);
      }
    }

    let active = -1;
    function activate(index) {
      const items = [...list.children];
      items.forEach((item, i) => {
        item.classList.toggle("active", i === index);
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      activate(-1);
    }

    function choose(item) {
      const term = item.dataset.term;
      if (item.dataset.propose !== undefined) {
        if (!proposed().some((t) => fold(t) === fold(term))) setProposed([...proposed(), term]);
      } else {
        select.options[Number(item.dataset.index)].selected = true;
      }
      input.value = "";
      close();
      renderChosen();
      announce(fill(text.added, { term }));
      input.focus();
    }

    function open() {
      const query = fold(input.value);
      const taken = new Set(proposed().map(fold));
      const matches = [...select.options]
        .map((option, index) => ({ option, index }))
        .filter(({ option }) => !option.selected && fold(option.text).includes(query))
        .slice(0, MAX_SHOWN);
      list.replaceChildren();
      const addItem = (label, data) => {
        const item = document.createElement("li");
        item.id = `${listId}-${(counter += 1)}`;
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.textContent = label;
        Object.assign(item.dataset, data);
        // mousedown, not click: the input keeps the focus.
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(item);
        });
        list.append(item);
      };
      for (const { option, index } of matches) {
        addItem(option.text, { index, term: option.text });
      }
      const typed = input.value.trim().replace(/\s+/g, " ");
      const known = [...select.options].some((option) => fold(option.text) === query);
      if (proposals && query && !known && !taken.has(query)) {
        addItem(fill(text.propose, { term: typed }), { propose: "", term: typed });
      }
      const shown = list.children.length;
      list.hidden = shown === 0;
      input.setAttribute("aria-expanded", shown ? "true" : "false");
      activate(shown && query ? 0 : -1);
      announce(fill(text.count, { count: shown }));
    }

    input.addEventListener("input", open);
    input.addEventListener("focus", open);
    input.addEventListener("blur", close);
    input.addEventListener("keydown", (event) => {
      const count = list.children.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) open();
        else activate(count ? (active + 1) % count : -1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        activate(count ? (active - 1 + count) % count : -1);
      } else if (event.key === "Enter") {
        // Never submit the questionnaire from here.
        event.preventDefault();
        if (!list.hidden && list.children[active]) choose(list.children[active]);
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      }
    });
    renderChosen();
  }

  document.querySelectorAll("select[multiple][data-typeahead]").forEach(enhance);
})();
