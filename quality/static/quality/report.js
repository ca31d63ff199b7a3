// The quality forms: show only the fields the answers so far need (data-show-when,
// on the report form and the triage form), and keep an unsent report as a draft on
// this device (never the patient identifier) if the page is left.
// Drafts are kept per signed-in user (ward computers are shared) and removed only
// once the report has arrived (the thank-you page), so a send that fails on a
// dropped connection loses nothing.
(function () {
  "use strict";
  try { localStorage.removeItem("quality-report-draft"); } catch (e) { /* the old shared key */ }
  var sent = document.getElementById("report-sent");
  if (sent) {
    try { localStorage.removeItem(sent.dataset.draftKey); } catch (e) { /* nothing to clear */ }
    return;
  }

  function value(form, name) {
    var checked = form.querySelector("[name='" + name + "']:checked");
    if (checked) { return checked.value; }
    var field = form.querySelector("[name='" + name + "']:not([type=radio])");
    return field ? field.value : "";
  }

  // Only the NCC MERP letters of the chosen event type (data-event-type on each option).
  function offerMatchingLetters(form) {
    var eventType = value(form, "event_type");
    form.querySelectorAll("option[data-event-type]").forEach(function (option) {
      var fits = !eventType || option.dataset.eventType === eventType;
      option.hidden = !fits;
      option.disabled = !fits;
      if (!fits && option.selected) { option.parentElement.value = ""; }
    });
  }

  function applyRules(form) {
    offerMatchingLetters(form);
    form.querySelectorAll("[data-show-when]").forEach(function (field) {
      var rule = field.dataset.showWhen.split("=");
      var shown = rule[1].split(",").indexOf(value(form, rule[0])) !== -1;
      var wrapper = field.closest("[data-field]");
      wrapper.hidden = !shown;
      field.disabled = !shown;
      if (field.name === "harm") {
        var levels = form.querySelector("[data-field='harm-levels']");
        if (levels) { levels.hidden = !shown; }
      }
    });
  }

  document.querySelectorAll("form").forEach(function (other) {
    if (other.id === "report-form" || !other.querySelector("[data-show-when]")) { return; }
    applyRules(other);
    other.addEventListener("change", function () { applyRules(other); });
  });

  var form = document.getElementById("report-form");
  if (!form) { return; }
  var key = form.dataset.draftKey;
  var privateFields = ["csrfmiddlewaretoken", "patient_identifier"];

  function saveDraft() {
    var draft = {};
    new FormData(form).forEach(function (v, k) {
      if (privateFields.indexOf(k) === -1) { draft[k] = v; }
    });
    try { localStorage.setItem(key, JSON.stringify(draft)); } catch (e) { /* storage full or off */ }
  }

  function restoreDraft() {
    // A form coming back with errors already holds the user's answers.
    if (form.querySelector(".is-invalid, .invalid-feedback")) { return; }
    var raw = null;
    try { raw = localStorage.getItem(key); } catch (e) { return; }
    if (!raw) { return; }
    var draft = JSON.parse(raw);
    Object.keys(draft).forEach(function (name) {
      form.querySelectorAll("[name='" + name + "']").forEach(function (field) {
        if (field.type === "radio") { field.checked = field.value === draft[name]; }
        else if (field.type === "checkbox") { field.checked = true; }
        else { field.value = draft[name]; }
      });
    });
    var note = document.getElementById("draft-note");
    if (note) { note.hidden = false; }
  }

  restoreDraft();
  applyRules(form);
  form.addEventListener("change", function () { applyRules(form); saveDraft(); });
  form.addEventListener("input", saveDraft);
})();
