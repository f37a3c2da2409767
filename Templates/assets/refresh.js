// Dashboard auto-refresh the reader controls (WCAG 2.2.1, instead of <meta http-equiv="refresh">,
// which no one can stop): the page reloads every data-refresh-seconds unless the reader pauses
// it with the button; the choice holds for the rest of the visit (sessionStorage). Without
// JavaScript nothing reloads and the note says so.
(function () {
  "use strict";
  var note = document.querySelector("[data-refresh-seconds]");
  if (!note) return;
  var seconds = Number(note.getAttribute("data-refresh-seconds"));
  var button = note.querySelector("button");
  var text = note.querySelector(".refresh-text");
  if (!(seconds > 0) || !button || !text) return;
  var key = "espice-refresh-paused:" + location.pathname;
  var timer = null;

  function paused() {
    try { return sessionStorage.getItem(key) === "1"; } catch (e) { return false; }
  }

  function render() {
    clearTimeout(timer);
    if (paused()) {
      text.textContent = "Automatic reload is paused.";
      button.textContent = "Resume automatic reload";
      button.setAttribute("aria-pressed", "true");
    } else {
      text.textContent = "This page reloads every " + seconds + " seconds.";
      button.textContent = "Pause automatic reload";
      button.setAttribute("aria-pressed", "false");
      timer = setTimeout(function () { location.reload(); }, seconds * 1000);
    }
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    try { sessionStorage.setItem(key, paused() ? "0" : "1"); } catch (e) { /* private mode: no memory */ }
    render();
  });
  render();
})();
