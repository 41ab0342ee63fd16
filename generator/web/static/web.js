// zv web: the pages work without this script. It only asks before leaving a form
// with changes that were not saved.
"use strict";
(function () {
  const form = document.querySelector("form[method=post]");
  if (!form) { return; }
  let changed = false;
  form.addEventListener("input", function () { changed = true; });
  form.addEventListener("submit", function () { changed = false; });
  window.addEventListener("beforeunload", function (event) {
    if (changed) { event.preventDefault(); }
  });
}());
