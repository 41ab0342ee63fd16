// zv web: the pages work without this script. It asks before leaving a form with
// changes that were not saved, and says when the file changed on disk meanwhile (an
// editor, another tab), before a save would be refused as a conflict.
"use strict";
(function () {
  const form = document.querySelector("form[data-stand]");
  if (!form) { return; }
  let changed = false;
  form.addEventListener("input", function () { changed = true; });
  form.addEventListener("submit", function () { changed = false; });
  window.addEventListener("beforeunload", function (event) {
    if (changed) { event.preventDefault(); }
  });
  const shown = form.dataset.stand;
  const address = form.getAttribute("action") + "/stand.txt";
  let told = false;
  function look() {
    if (told) { return; }
    fetch(address, {cache: "no-store", credentials: "same-origin"})
      .then(function (answer) { return answer.ok ? answer.text() : shown; })
      .then(function (now) {
        if (now === shown || told) { return; }
        told = true;
        const note = document.createElement("div");
        note.className = "zv-konflikt";
        note.setAttribute("role", "alert");
        const text = document.createElement("p");
        text.textContent = "Die Datei wurde inzwischen geändert (in einem anderen Fenster " +
          "oder einem Editor). Speichern würde abgelehnt; bitte die Seite neu laden. " +
          "Eigene Eingaben vorher notieren.";
        const again = document.createElement("a");
        again.href = window.location.pathname;
        again.textContent = "Seite neu laden";
        note.append(text, again);
        form.before(note);
      })
      .catch(function () { /* server stopped: nothing to say */ });
  }
  window.setInterval(look, 2000);
}());
