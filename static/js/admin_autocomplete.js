// The admin's autocomplete boxes (Select2) are named after the value chosen, or not at all when
// none is, and a multiple choice's search box has no name: each takes its field's label.
// Loaded at the end of the change form (templates/admin/change_form.html), after
// admin/js/autocomplete.js has registered the code that sets the boxes up on load.
(function () {
  if (!window.django || !window.django.jQuery) return;

  function name(root) {
    for (const select of root.querySelectorAll("select.admin-autocomplete")) {
      const label = document.querySelector(`label[for="${select.id}"]`);
      const box = select.nextElementSibling;
      if (!label || !box || !box.classList.contains("select2")) continue;
      label.id ||= `${select.id}_label`;
      const chosen = box.querySelector(".select2-selection__rendered[id]");
      // Select2 makes the value shown an unnamed read-only text box inside the combobox (empty,
      // it names nothing); it is the combobox's value, so it is plain text.
      chosen?.removeAttribute("role");
      chosen?.removeAttribute("aria-readonly");
      box
        .querySelector(".select2-selection")
        .setAttribute("aria-labelledby", chosen ? `${label.id} ${chosen.id}` : label.id);
      box.querySelector(".select2-search__field")?.setAttribute("aria-labelledby", label.id);
    }
  }

  window.django.jQuery(() => name(document));
  document.addEventListener("formset:added", (event) => name(event.target));
})();
