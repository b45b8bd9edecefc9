// Small improvements on every page; each part works without this file too.
(function () {
  "use strict";

  // The menu link of narrow screens (it opens the navigation by :target) becomes a button that says whether the
  // navigation is open. Escape closes it and returns focus to the button.
  var link = document.querySelector("[data-menu-button]");
  var nav = document.getElementById("main-nav");
  if (link && nav) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    button.setAttribute("aria-controls", "main-nav");
    button.setAttribute("aria-expanded", "false");
    link.replaceWith(button);
    if (window.location.hash === "#main-nav") {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    nav.classList.add("menu-enhanced");
    var setOpen = function (open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    };
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && button.offsetParent !== null) {
        setOpen(false);
        button.focus();
      }
    });
  }

  // A form that came back with errors: its summary takes the focus (autofocus does it too where supported).
  var summary = document.querySelector("[data-error-summary]");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }

  // The directory's filter panel stays open on wide screens, where it sits beside the results.
  var wide = window.matchMedia("(min-width: 56rem)");
  var panels = document.querySelectorAll("details[data-filter-toggle]");
  var openOnWide = function () {
    panels.forEach(function (panel) {
      if (wide.matches) {
        panel.open = true;
      }
    });
  };
  openOnWide();
  wide.addEventListener("change", openOnWide);
})();
