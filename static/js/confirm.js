// Buttons and links with data-confirm="question" ask before they act (e.g. removing an email address).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
