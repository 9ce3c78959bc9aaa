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
        .then((r) => (r.ok && !r.redirected ? r.text() : Promise.reject(new Error("signed out"))))
        .then((html) => {
          if (mine !== asked) return;
          preview.innerHTML = html;
          preview.dataset.version = String(mine);
        })
        .catch(() => {
          if (mine !== asked) return;
          const p = document.createElement("p");
          p.className = "field-error";
          p.id = "preview-error";
          p.textContent = preview.dataset.offline || "";
          preview.replaceChildren(p);
        });
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
// A JSON file chosen for the film import lands in the form's text box; a poster URL is
// previewed as it is typed.
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-into]").forEach((input) => {
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      const into = document.getElementById(input.dataset.into);
      if (!file || !into) return;
      file.text().then((text) => { into.value = text; });
    });
  });
  document.querySelectorAll("input[data-preview-img]").forEach((input) => {
    const img = document.getElementById(input.dataset.previewImg);
    if (!img) return;
    input.addEventListener("input", () => {
      const url = input.value.trim();
      img.hidden = url === "";
      if (url !== "") img.src = url;
    });
  });
})();
