// Progressive enhancement only: every page works without this file.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches("form.filters select, form.picker select")) {
    field.form.requestSubmit();
  }
});
