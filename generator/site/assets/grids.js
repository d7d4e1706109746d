/*
 * Status grids on a narrow screen: scroll each grid so that the period running on the as-of date
 * (th.cr-now) is the first column after the sticky row labels. Without this a phone shows the
 * term's first weeks and the current one is off-screen. No network, no dependencies.
 */
(function () {
  "use strict";

  function showCurrent() {
    var wraps = document.querySelectorAll(".cr-grid-wrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.scrollWidth <= wrap.clientWidth) continue;
      var now = wrap.querySelector("thead th.cr-now");
      var label = wrap.querySelector("thead th:first-child");
      if (!now || !label) continue;
      wrap.scrollLeft = Math.max(0, now.offsetLeft - label.offsetWidth - 2);
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(showCurrent);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showCurrent);
  } else {
    showCurrent();
  }
})();
