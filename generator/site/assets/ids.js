/*
 * Copy buttons beside ids (<button class="cr-copy" data-copy="…">): a person filing a record by hand
 * needs exact ids. The clipboard API only exists on https pages, and intranet sites are often plain
 * http, so the old selection-and-execCommand way is the fallback. No network, no dependencies.
 */
(function () {
  "use strict";

  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(text)); });
      return;
    }
    done(fallback(text));
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  window.CRCopy = copyText;

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.cr-copy") : null;
    if (!button) return;
    var label = button.textContent;
    copyText(button.getAttribute("data-copy") || "", function (ok) {
      button.textContent = ok ? "已复制" : "请手动复制";
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  });
})();
