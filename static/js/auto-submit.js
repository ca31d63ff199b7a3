// A <select data-auto-submit> submits its form when a choice is made, so a picker
// applies at once; the form's own button stays for browsers without JavaScript.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-auto-submit") && field.form) {
    field.form.requestSubmit();
  }
});
