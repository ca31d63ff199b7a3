// The scan field of the stock forms: a scanner types a GS1 barcode and presses Enter;
// the code goes to the barcode API and the fields of the same form (or fieldset) are
// filled from the answer. No inline script: the Content-Security-Policy forbids it.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setField(scope, name, value) {
    var field = scope.querySelector("[data-fill=" + name + "]");
    if (!field || value === null || value === undefined) { return; }
    if (field.dataset.fillAppend) {  // serial numbers: each scan adds a line, once
      var lines = field.value.split("\n").filter(function (line) { return line.trim(); });
      if (lines.indexOf(String(value)) === -1) { lines.push(String(value)); }
      field.value = lines.join("\n");
    } else {
      field.value = String(value);
    }
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function show(form, text, isError) {
    var box = form.querySelector("[data-scan-message]");
    if (!box) { return; }
    box.textContent = text || "";
    box.classList.toggle("d-none", !text);
    box.classList.toggle("alert-danger", !!isError);
    box.classList.toggle("alert-warning", !isError);
  }

  function read(input) {
    var form = input.form;
    var scope = input.closest("[data-scan-group]") || form;
    var code = input.value;
    if (!code.trim()) { return; }
    fetch(form.dataset.barcodeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(form), "Accept": "application/json" },
      body: JSON.stringify({ code: code })
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      if (!answer.ok) {
        show(form, answer.data.detail || answer.data.code, true);
        return;
      }
      var data = answer.data;
      setField(scope, "item", data.item);
      setField(scope, "lot", data.lot);
      setField(scope, "expiry", data.expiry);
      setField(scope, "quantity", data.quantity);
      setField(scope, "serial", data.serial);
      show(form, data.warning || "", false);
      input.dataset.read = code;
    }).catch(function () {
      show(form, input.dataset.offlineMessage || "", true);
    });
  }

  document.querySelectorAll("input[data-scan]").forEach(function (input) {
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();  // a scanner's Enter reads the code, it does not submit
        read(input);
      }
    });
    input.addEventListener("change", function () {
      if (input.dataset.read !== input.value) { read(input); }
    });
  });
})();
