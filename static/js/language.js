// The language switcher works as a plain form; with JavaScript it applies a choice at once.
(function () {
  const form = document.querySelector(".language-switcher");
  if (!form) return;
  for (const button of form.querySelectorAll(".js-hide")) button.hidden = true;
  form.addEventListener("change", function () {
    form.requestSubmit();
  });
})();
