// Recovery codes page: a click selects (and copies) the codes; where the codes are shown only once, leaving
// the page warns until "I have saved my recovery codes" is ticked.
(function () {
  "use strict";
  var warn = function (event) { event.preventDefault(); };
  var saved = document.getElementById("codes_saved");
  if (saved) {
    window.addEventListener("beforeunload", warn);
    saved.addEventListener("change", function () {
      if (saved.checked) {
        window.removeEventListener("beforeunload", warn);
      } else {
        window.addEventListener("beforeunload", warn);
      }
    });
  }
  var codes = document.getElementById("recovery_codes");
  if (codes) {
    codes.addEventListener("click", function () {
      codes.select();
      if (navigator.clipboard) {
        navigator.clipboard.writeText(codes.value).catch(function () {});
      }
    });
  }
})();
