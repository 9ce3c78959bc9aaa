// What the kiosk's quote says of a promotion code, in the cashier's words: applied (with the
// bonus points a POINTS code gives) or why not, with the refusal's facts (its dates, days,
// minimum, gift). Used by kiosk_basket.js.
"use strict";

(function () {
  const REFUSALS = {
    unknown: "js-kiosk-promo-unknown", inactive: "js-kiosk-promo-inactive",
    not_yet: "js-kiosk-promo-not-yet", expired: "js-kiosk-promo-expired",
    not_for_cinema: "js-kiosk-promo-not-for-cinema", not_for_film: "js-kiosk-promo-not-for-film",
    not_on_day: "js-kiosk-promo-not-on-day", used_up: "js-kiosk-promo-used-up",
    used_by_you: "js-kiosk-promo-used-by-member", min_purchase: "js-kiosk-promo-min-purchase",
    free_item_out: "js-kiosk-promo-free-item-out",
  };
  const DAYS = { WEEKDAY: "js-kiosk-day-weekday", WEEKEND: "js-kiosk-day-weekend", HOLIDAY: "js-kiosk-day-holiday" };
  const dmy = (iso) => String(iso || "").split("-").reverse().join("/");
  const money = (n) => window.formatVnd(n);

  /**
   * The sentence for quote `q`'s promotion. `ctx`: the code as typed (`code`), whether the
   * basket has seats (`seated`; concessions alone have no film nor day type) and a member.
   */
  window.kioskPromoText = function (q, ctx) {
    const p = q.promotion;
    const code = ctx.code;
    if (p.applied) {
      let text = t("js-kiosk-promo-applied", { code, name: p.name });
      if (q.bonus_points > 0) text += " " + t(ctx.member ? "js-kiosk-promo-bonus" : "js-kiosk-promo-bonus-member", { n: q.bonus_points });
      return text;
    }
    const r = p.refusal || {};
    let key = REFUSALS[r.reason] || "js-kiosk-promo-refused";
    if ((r.reason === "not_for_film" || r.reason === "not_on_day") && !ctx.seated) key = "js-kiosk-promo-needs-film";
    const days = String(r.day_type || "").split("/").map((d) => (DAYS[d] ? t(DAYS[d]) : d)).join(", ");
    return t(key, {
      code, days, date: dmy(r.from || r.on), limit: r.limit || 0, name: r.name || "",
      min: money(r.min || 0), short: money(Math.max(0, (r.min || 0) - q.subtotal)),
    });
  };
})();
