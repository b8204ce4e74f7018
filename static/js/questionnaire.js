// The questionnaire's steps (templates/my/step.html, review.html): the error summary, a character
// counter, a warning before leaving unsaved answers, no submission by Enter in a text box, and
// the list of steps folded away on small screens.
(() => {
  // GOV.UK's error summary: focused on arrival, so that it is read out first; each link takes
  // the keyboard to its field (or to the type-ahead that stands in for a hidden list) with the
  // field's label in view.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", (event) => {
      const link = event.target.closest('a[href^="#"]');
      if (!link) return;
      const id = decodeURIComponent(link.hash.slice(1));
      let target = document.getElementById(id);
      if (!target) return;
      if (target.hidden) target = document.getElementById(`${id}-search`) || target;
      event.preventDefault();
      (document.getElementById(`div_${id}`) || target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }

  // Counted as the server counts (questionnaire/forms.py, clean_tweet_summary): a line break is
  // one character, surrounding spaces do not count, and a character outside the Basic
  // Multilingual Plane (an emoji) is one, not the two units of a JavaScript string.
  const length = (text) => [...text.replace(/\r\n?/g, "\n").trim()].length;
  document.querySelectorAll("textarea[data-maxlength]").forEach((field) => {
    const limit = Number(field.dataset.maxlength);
    const counter = document.createElement("div");
    counter.className = "form-text text-end";
    counter.setAttribute("aria-live", "polite");
    const update = () => {
      const count = length(field.value);
      counter.textContent = `${count} / ${limit} ${field.dataset.counter || "characters"}`;
      counter.classList.toggle("text-danger", count > limit);
      counter.classList.toggle("fw-semibold", count > limit);
    };
    field.insertAdjacentElement("afterend", counter);
    field.addEventListener("input", update);
    update();
  });

  const form = document.querySelector("[data-step-form]");
  if (form) {
    // Compared once every script has set the form up (formsets.js drops blank rows, ...).
    const answers = () => new URLSearchParams(new FormData(form)).toString();
    let loaded = null;
    let submitting = false;
    document.addEventListener("DOMContentLoaded", () => {
      loaded = answers();
    });
    form.addEventListener("submit", () => {
      submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
      if (submitting || loaded === null) return;
      // Answers the server sent back unsaved (a mistake, a conflict) are unsaved too.
      if ("unsaved" in form.dataset || answers() !== loaded) {
        event.preventDefault();
        event.returnValue = ""; // older browsers ask only when this is set
      }
    });
    // Enter in a one-line box would send the form with its first button ("Save and continue"):
    // only the buttons send it.
    const single = new Set(["text", "number", "email", "url", "search", "tel", "date"]);
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.tagName === "INPUT" && single.has(event.target.type)) {
        event.preventDefault();
      }
    });
  }

  // On a phone the list of steps would fill the first screen: it starts folded there.
  const steps = document.querySelector("[data-steps-menu]");
  if (steps && window.matchMedia("(max-width: 991.98px)").matches) steps.open = false;
})();
