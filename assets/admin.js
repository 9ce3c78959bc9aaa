// The hall layout editor: redraw the preview as the manager types (the server draws it with
// the same rules that build the hall), and confirm before a showtime is cancelled.
(function () {
  "use strict";
  const form = document.getElementById("hall-form");
  const preview = document.getElementById("preview");
  if (form && preview) {
    let timer = null;
    let asked = 0;
    const redraw = () => {
      const params = new URLSearchParams(new FormData(form));
      params.delete("action");
      const mine = ++asked;
      fetch(form.dataset.preview + "?" + params.toString(), { credentials: "same-origin" })
        .then((r) => r.text())
        .then((html) => {
          if (mine !== asked) return;
          preview.innerHTML = html;
          preview.dataset.version = String(mine);
        })
        .catch(() => {});
    };
    form.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(redraw, 200);
    });
  }
  document.querySelectorAll("button[data-confirm]").forEach((b) => {
    b.addEventListener("click", (e) => {
      if (!window.confirm(b.dataset.confirm)) e.preventDefault();
    });
  });
})();
