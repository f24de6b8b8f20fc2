/* GPMB page behaviour, in one static file. The Content-Security-Policy allows no inline
   script and no inline event handler (onclick=…), so templates mark elements with data-*
   attributes and this file gives them their behaviour. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var target = event.target;
    // <select data-autosubmit>: choosing submits the form (the language menu).
    if (target.matches("[data-autosubmit]") && target.form) {
      target.form.submit();
    }
    // <input type=checkbox data-select-all> in a table head: (un)ticks every row.
    if (target.matches("input[data-select-all]")) {
      target.closest("table").querySelectorAll("tbody input[type=checkbox]").forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });

  // <form data-confirm="question">: asks before submitting.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Escape inside a table row being edited presses its [data-cancel] button (the
  // inventory editor), so no htmx trigger filter has to be evaluated as code.
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Escape" || !event.target.closest) { return; }
    var row = event.target.closest("tr");
    var cancel = row && row.querySelector("[data-cancel]");
    if (cancel) { cancel.click(); }
  });

  // htmx does not swap a refused request (4xx): say why when the server does
  // (gpmb.core.middleware.NulRefusedMiddleware).
  document.addEventListener("htmx:responseError", function (event) {
    var message = event.detail.xhr.getResponseHeader("X-GPMB-Message");
    if (message) { window.alert(decodeURIComponent(message)); }
  });
})();
