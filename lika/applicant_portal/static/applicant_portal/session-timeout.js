// Min Sida's session ends after a while without activity. Every page already says when, without
// script; with script, a dialog appears shortly before the end and offers to stay logged in.
(function () {
  "use strict";
  var notice = document.querySelector("[data-session-seconds-left]");
  var dialog = document.getElementById("session-timeout-dialog");
  if (!notice || !dialog || typeof dialog.showModal !== "function") {
    return;
  }
  // Seconds from the server, counted on this clock: a wrong clock on the device does not matter.
  var left = Number(notice.getAttribute("data-session-seconds-left")) * 1000;
  var warning = Number(notice.getAttribute("data-session-warning-seconds")) * 1000;
  var started = Date.now();
  window.setTimeout(function () {
    dialog.showModal();
  }, Math.max(left - warning, 0));
  window.setTimeout(function () {
    window.location.assign(notice.getAttribute("data-session-login-url"));
  }, left + 1000 - (Date.now() - started));
})();
