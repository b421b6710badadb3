// A job's page says how far the job has come. Without script it offers a link to look again; with
// script it fetches the page every few seconds and replaces only the status region, which screen
// readers announce politely, until the job has ended.
(function () {
  "use strict";
  var region = document.getElementById("job-status");
  if (!region || region.getAttribute("data-job-finished") === "true" || !window.fetch) {
    return;
  }
  var again = document.getElementById("job-look-again");
  if (again) {
    again.hidden = true;
  }
  function look() {
    window
      .fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("job-status");
        if (!fresh) {
          return;
        }
        if (fresh.getAttribute("data-job-finished") === "true") {
          // The whole page changes when the job ends (its outcome, the way on): load it once.
          window.location.reload();
          return;
        }
        region.innerHTML = fresh.innerHTML;
        window.setTimeout(look, 2000);
      })
      .catch(function () {
        if (again) {
          again.hidden = false;
        }
      });
  }
  window.setTimeout(look, 2000);
})();
