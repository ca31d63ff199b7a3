// The project's own behaviour for every page. The Content-Security-Policy refuses
// inline scripts and on*="" attributes, so templates mark elements with data-
// attributes and this file gives them their behaviour.
(function () {
  "use strict";

  // <select data-auto-submit>: choosing an option submits its form (language, department pickers).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-auto-submit") && field.form) {
      if (typeof field.form.requestSubmit === "function") {
        field.form.requestSubmit();
      } else {
        field.form.submit();
      }
    }
  });
})();
