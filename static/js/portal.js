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

  // A filter panel's "Filter (n)" link of narrow screens (it opens the panel's body by :target) becomes a button that
  // says whether the body is open; wide screens show the body beside the results and hide the button (CSS).
  document.querySelectorAll("a[data-filter-toggle]").forEach(function (toggle) {
    var body = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!body) {
      return;
    }
    var filterButton = document.createElement("button");
    filterButton.type = "button";
    filterButton.className = toggle.className;
    filterButton.textContent = toggle.textContent;
    filterButton.setAttribute("aria-controls", body.id);
    var targeted = window.location.hash === "#" + body.id;
    if (targeted) {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    var setFilterOpen = function (open) {
      filterButton.setAttribute("aria-expanded", open ? "true" : "false");
      body.classList.toggle("is-open", open);
    };
    setFilterOpen(targeted || body.classList.contains("is-open"));
    body.classList.add("toggle-enhanced");
    toggle.replaceWith(filterButton);
    filterButton.addEventListener("click", function () {
      setFilterOpen(filterButton.getAttribute("aria-expanded") !== "true");
    });
  });
})();
