// Progressive enhancement of the plan listing: the form works without this file.
(function () {
  const form = document.getElementById("plan-filters");
  if (!form) return;
  for (const button of form.querySelectorAll(".js-hide")) button.hidden = true;
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox], select")) form.requestSubmit();
  });
})();
