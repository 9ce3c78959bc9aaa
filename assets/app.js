// Shared helpers of every page.
"use strict";

/** VND as Vietnamese write it: 120000 → "120.000 ₫". */
function formatVnd(amount) {
  const n = Math.round(Number(amount) || 0);
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return (n < 0 ? "-" : "") + digits + " ₫";
}
window.formatVnd = formatVnd;

/** The page's messages for scripts (the `js-…` keys of the language's message file). */
const MESSAGES = (() => {
  try {
    return JSON.parse(document.getElementById("i18n").textContent || "{}");
  } catch (e) {
    return {};
  }
})();

/**
 * A message in the page's language: t(key, { limit: 4 }) fills the `{ $limit }` of the pattern.
 * An unknown key shows as itself (the tests catch it).
 */
function t(key, args) {
  const pattern = MESSAGES[key];
  if (pattern === undefined) return key;
  return pattern.replace(/\{\s*\$([a-zA-Z0-9_]+)\s*\}/g, (all, name) =>
    args && args[name] !== undefined ? String(args[name]) : all);
}
window.t = t;

/** The page's language (`vi`, `en`). */
window.pageLang = document.documentElement.lang || "vi";

/** Names of seat types as pages show them. */
window.SEAT_TYPE_NAMES = {
  STANDARD: t("js-seat-STANDARD"), VIP: t("js-seat-VIP"), COUPLE: t("js-seat-COUPLE"),
  PREMIUM: t("js-seat-PREMIUM"), WHEELCHAIR: t("js-seat-WHEELCHAIR"),
};

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

// The account menu is a drop-down on phones and always open on wide screens.
function fitAccountMenu() {
  const menu = document.getElementById("account-menu");
  if (!menu) return;
  const wide = window.matchMedia("(min-width: 761px)").matches;
  if (wide) menu.open = true;
  else if (menu.dataset.wasWide === "1") menu.open = false;
  menu.dataset.wasWide = wide ? "1" : "0";
}
window.addEventListener("resize", fitAccountMenu);

document.addEventListener("DOMContentLoaded", () => {
  fitAccountMenu();
  for (const img of document.querySelectorAll(".poster img")) {
    if (img.complete && img.naturalWidth === 0) dropBrokenPoster(img);
  }
  // Genre filter applies as soon as it changes.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form && select.form.submit());
  }
});
