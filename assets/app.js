// Shared helpers of every page.
"use strict";

/** VND as Vietnamese write it: 120000 → "120.000 ₫". */
function formatVnd(amount) {
  const n = Math.round(Number(amount) || 0);
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return (n < 0 ? "-" : "") + digits + " ₫";
}
window.formatVnd = formatVnd;

/** Names of seat types as pages show them. */
window.SEAT_TYPE_NAMES = { STANDARD: "Standard", VIP: "VIP", COUPLE: "Couple", PREMIUM: "Premium", WHEELCHAIR: "Wheelchair" };

/**
 * The server's quote for seats of a showtime (POST /api/v1/bookings/quote): the lines and
 * total that booking them now would charge. Each caller gets a function that answers only
 * its latest request (a slower answer to an older selection is dropped): null when the
 * selection is empty, changed meanwhile, or the quote failed.
 */
function quoter() {
  let latest = 0;
  return async function quote(showtimeId, seatIds) {
    const mine = ++latest;
    if (!seatIds.length) return null;
    let body = null;
    try {
      const res = await fetch("/api/v1/bookings/quote", {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify({ showtime_id: showtimeId, seat_ids: seatIds }),
      });
      if (res.ok) body = await res.json();
    } catch (e) {
      body = null;
    }
    if (mine !== latest || !body || !body.data) return null;
    return body.data;
  };
}
window.quoter = quoter;

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
