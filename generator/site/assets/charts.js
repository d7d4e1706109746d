/*
 * Renders inline charts with the vendored ECharts (assets/vendor/echarts.min.js,
 * which must be listed BEFORE this file in extra_javascript).
 *
 * Markup produced by the generator:
 *
 *   <div class="cr-chart" data-chart='{"xAxis": {...}, "series": [...]}'></div>
 *
 * data-chart holds a complete ECharts option object as JSON. Optional
 * data-chart-height (CSS length) overrides the default height from extra.css.
 * No network access: ECharts is local and options are inline.
 */
(function () {
  "use strict";

  var SELECTOR = "div.cr-chart[data-chart]";
  var live = [];

  function renderAll() {
    // Instant navigation swaps the page body: drop charts whose element left.
    live = live.filter(function (chart) {
      var dom = chart.getDom();
      if (dom && document.body.contains(dom)) return true;
      chart.dispose();
      return false;
    });

    if (typeof window.echarts === "undefined") {
      if (document.querySelector(SELECTOR)) {
        console.error("charts.js: echarts.min.js is not loaded");
      }
      return;
    }

    var nodes = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      if (el.getAttribute("data-chart-rendered") === "1") continue;
      var option;
      try {
        option = JSON.parse(el.getAttribute("data-chart"));
      } catch (err) {
        el.textContent = "图表数据无法解析";
        el.classList.add("cr-chart--error");
        console.error("charts.js: invalid data-chart JSON", err);
        continue;
      }
      var height = el.getAttribute("data-chart-height");
      if (height) el.style.height = height;
      // SVG renderer: crisp when printed/zoomed and selectable text.
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option);
      el.setAttribute("data-chart-rendered", "1");
      live.push(chart);
    }
  }

  window.addEventListener("resize", function () {
    for (var i = 0; i < live.length; i++) live[i].resize();
  });

  // Material exposes document$ (an RxJS observable) that emits on the first
  // load and after every instant-navigation page swap. Fall back to the DOM
  // event when the script runs on a page without Material's bundle.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(renderAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
