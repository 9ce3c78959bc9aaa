// Shared helpers of every page.
"use strict";

/** VND as Vietnamese write it: 120000 → "120.000 ₫". */
function formatVnd(amount) {
  const n = Math.round(Number(amount) || 0);
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return (n < 0 ? "-" : "") + digits + " ₫";
}
window.formatVnd = formatVnd;

// A poster that fails to load gives way to its placeholder (initials on a colour). Errors
// are caught as they happen; posters that failed before this script ran are found below.
function dropBrokenPoster(img) {
  if (img instanceof HTMLImageElement && img.closest(".poster")) img.remove();
}
document.addEventListener("error", (ev) => dropBrokenPoster(ev.target), true);

document.addEventListener("DOMContentLoaded", () => {
  for (const img of document.querySelectorAll(".poster img")) {
    if (img.complete && img.naturalWidth === 0) dropBrokenPoster(img);
  }
  // Genre filter applies as soon as it changes.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form && select.form.submit());
  }
});
