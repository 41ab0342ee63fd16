// zv preview: keeps the page current. The server announces each new state over
// server-sent events ("ereignisse"); the page then fetches itself again and swaps the
// panel and the document in place, so the scroll position stays and changed blocks can
// be marked. Without this script the page is still complete, only not live.
(function () {
  "use strict";
  const BLOCKS = "h1, h2, h3, h4, h5, h6, p, th, td";
  let stand = document.getElementById("zv-vorschau").dataset.stand;
  let busy = false;
  let again = false;
  // The document as the server sent it, without marks: what the next state is compared to.
  let shownMain = document.querySelector("main").cloneNode(true);

  function anchor() {
    // The first block visible below the panel, and where it is on the screen.
    const panel = document.getElementById("zv-vorschau").getBoundingClientRect().bottom;
    const blocks = document.querySelectorAll("main " + BLOCKS);
    for (let i = 0; i < blocks.length; i++) {
      const top = blocks[i].getBoundingClientRect().top;
      if (top >= panel) return { index: i, top: top };
    }
    return null;
  }

  function mark(oldMain, newMain) {
    const seen = new Map();
    oldMain.querySelectorAll(BLOCKS).forEach(function (el) {
      seen.set(el.outerHTML, (seen.get(el.outerHTML) || 0) + 1);
    });
    newMain.querySelectorAll(BLOCKS).forEach(function (el) {
      const left = seen.get(el.outerHTML) || 0;
      if (left > 0) {
        seen.set(el.outerHTML, left - 1);
      } else if (el.textContent.trim() !== "") {
        el.classList.add("zv-geaendert");
        el.addEventListener("animationend", function () {
          el.classList.remove("zv-geaendert");
        }, { once: true });
      }
    });
  }

  function swap(page) {
    const place = anchor();
    const oldMain = document.querySelector("main");
    const newMain = document.adoptNode(page.querySelector("main"));
    if (shownMain.outerHTML === newMain.outerHTML &&
        document.getElementById("zv-vorschau").innerHTML ===
        page.getElementById("zv-vorschau").innerHTML) {
      return;
    }
    const pristine = newMain.cloneNode(true);
    mark(shownMain, newMain);
    shownMain = pristine;
    const newStyle = page.querySelector("head style");
    const oldStyle = document.querySelector("head style");
    if (newStyle && oldStyle && newStyle.textContent !== oldStyle.textContent) {
      oldStyle.textContent = newStyle.textContent;
    }
    document.title = page.title;
    document.getElementById("zv-vorschau").replaceWith(
      document.adoptNode(page.getElementById("zv-vorschau")));
    oldMain.replaceWith(newMain);
    if (place) {
      const blocks = document.querySelectorAll("main " + BLOCKS);
      const same = blocks[Math.min(place.index, blocks.length - 1)];
      if (same) window.scrollBy(0, same.getBoundingClientRect().top - place.top);
    }
  }

  async function update() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const response = await fetch(window.location.href, { cache: "no-store" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const panel = page.getElementById("zv-vorschau");
      if (panel && page.querySelector("main")) {
        stand = panel.dataset.stand;
        swap(page);
      }
    } catch (error) {
      disconnected(true);
    } finally {
      busy = false;
      if (again) { again = false; update(); }
    }
  }

  function disconnected(yes) {
    const bar = document.querySelector("#zv-vorschau .zv-leiste");
    let note = bar && bar.querySelector(".zv-getrennt");
    if (yes && bar && !note) {
      note = document.createElement("span");
      note.className = "zv-getrennt";
      note.textContent = "keine Verbindung zu zv preview";
      bar.appendChild(note);
    } else if (!yes && note) {
      note.remove();
    }
  }

  const events = new EventSource("ereignisse");
  events.addEventListener("stand", function (event) {
    document.documentElement.dataset.zvLive = "ja";  // for scripts and tests: connected
    disconnected(false);
    if (event.data !== stand) update();
  });
  events.onerror = function () { disconnected(true); };
}());
