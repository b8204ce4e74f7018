// A live character counter under each textarea that has a maxlength (e.g. the tweet summary).
document.querySelectorAll("textarea[maxlength]").forEach((field) => {
  const limit = Number(field.getAttribute("maxlength"));
  const counter = document.createElement("div");
  counter.className = "form-text text-end";
  counter.setAttribute("aria-live", "polite");
  const update = () => {
    counter.textContent = `${field.value.length} / ${limit} ${field.dataset.counter || "characters"}`;
  };
  field.insertAdjacentElement("afterend", counter);
  field.addEventListener("input", update);
  update();
});
