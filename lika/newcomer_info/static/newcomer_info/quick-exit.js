// The quick-exit button of Om Sverige's pages about violence. Without this script the button is a
// plain link to a neutral site. With it, leaving also replaces this page's entry in the history,
// so that Back does not return here, and pressing Esc three times leaves too.
(function () {
  "use strict";
  var button = document.querySelector("[data-quick-exit]");
  if (!button) {
    return;
  }
  var leave = function (event) {
    if (event) {
      event.preventDefault();
    }
    document.body.hidden = true;
    window.location.replace(button.href);
  };
  button.addEventListener("click", leave);

  var presses = 0;
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    presses += 1;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      presses = 0;
    }, 2000);
    if (presses >= 3) {
      leave(event);
    }
  });

  var hints = document.querySelectorAll("[data-quick-exit-hint]");
  for (var i = 0; i < hints.length; i += 1) {
    hints[i].hidden = false;
  }
})();
