// Shared helpers of every page.
"use strict";

/** VND as Vietnamese write it: 120000 → "120.000 ₫". */
function formatVnd(amount) {
  const n = Math.round(Number(amount) || 0);
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return (n < 0 ? "-" : "") + digits + " ₫";
}
window.formatVnd = formatVnd;

document.addEventListener("DOMContentLoaded", () => {
  // Genre filter applies as soon as it changes.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form && select.form.submit());
  }
});
