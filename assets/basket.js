// The rest of the basket on the seat map: concessions (+/−), the combo offer, a promotion
// code and loyalty points. The page's quote (checkout.js) is the truth: this script keeps
// what the moviegoer chose, tells the page when it changes ("basket:change" on the seat map
// section) and shows what the server's quote says about it (window.basketUI.show).
"use strict";

(function () {
  const page = document.getElementById("seatmap-page");
  const box = document.getElementById("extras");
  if (!page || !box) return;
  const qty = new Map(); // item id → qty
  let code = "";
  let points = 0;
  const promoInput = document.getElementById("promo-code");
  const promoMsg = document.getElementById("promo-message");
  const pointsInput = document.getElementById("points");
  const basketMsg = document.getElementById("basket-message");
  const offer = document.getElementById("combo-offer");
  const offerText = document.getElementById("combo-offer-text");
  const count = document.getElementById("extras-count");
  let offered = null;

  function say(el, text, kind) {
    if (!el) return;
    el.hidden = !text;
    el.className = "message" + (kind ? " " + kind : "");
    el.textContent = text || "";
  }

  function changed() {
    let n = 0;
    for (const li of box.querySelectorAll(".menu-item")) {
      const q = qty.get(li.dataset.item) || 0;
      n += q;
      li.querySelector(".qty-n").textContent = String(q);
      li.querySelector(".qty-minus").disabled = q === 0;
      li.querySelector(".qty-plus").disabled = q >= Math.min(20, Number(li.dataset.stock) || 20);
      li.classList.toggle("picked", q > 0);
    }
    count.textContent = n ? t("js-basket-count", { n }) : "";
    page.dispatchEvent(new CustomEvent("basket:change"));
  }

  for (const li of box.querySelectorAll(".menu-item")) {
    const id = li.dataset.item;
    li.querySelector(".qty-plus").addEventListener("click", () => { qty.set(id, (qty.get(id) || 0) + 1); changed(); });
    li.querySelector(".qty-minus").addEventListener("click", () => {
      const q = (qty.get(id) || 0) - 1;
      if (q > 0) qty.set(id, q); else qty.delete(id);
      changed();
    });
  }

  document.getElementById("combo-take").addEventListener("click", () => {
    if (!offered) return;
    for (const r of offered.replaces) {
      const left = (qty.get(r.id) || 0) - r.qty;
      if (left > 0) qty.set(r.id, left); else qty.delete(r.id);
    }
    qty.set(offered.combo_id, (qty.get(offered.combo_id) || 0) + 1);
    offered = null;
    changed();
  });

  function applyCode() {
    code = promoInput.value.trim().toUpperCase();
    promoInput.value = code;
    if (!code) say(promoMsg, "");
    changed();
  }
  document.getElementById("promo-apply").addEventListener("click", applyCode);
  promoInput.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); applyCode(); } });
  if (pointsInput) {
    pointsInput.addEventListener("change", () => {
      const v = Math.max(0, Math.floor(Number(pointsInput.value) || 0));
      pointsInput.value = String(v);
      points = v;
      changed();
    });
  }

  // Why a code does not apply, in the page's language.
  function refusal(r) {
    const dm = (d) => { const [, m, day] = String(d).split("-"); return `${day}/${m}`; };
    switch (r && r.reason) {
      case "inactive": return t("js-promo-inactive");
      case "expired": return t("js-promo-expired", { date: dm(r.on) });
      case "not_yet": return t("js-promo-not_yet", { date: dm(r.from) });
      case "not_for_cinema": return t("js-promo-not_for_cinema");
      case "not_for_film": return t("js-promo-not_for_film");
      case "not_on_day": return t("js-promo-not_on_day");
      case "used_up": return t("js-promo-used_up", { used: r.used, limit: r.limit });
      case "used_by_you": return t("js-promo-used_by_you", { used: r.used, limit: r.limit });
      case "min_purchase": return t("js-promo-min_purchase", { min: formatVnd(r.min) });
      case "free_item_out": return r.name ? t("js-promo-free_item_out", { name: r.name }) : t("js-promo-free_item_gone");
      default: return t("js-promo-unknown");
    }
  }

  window.basketUI = {
    // What to send with the quote and the booking.
    extras(forBooking) {
      const out = { concessions: [...qty].map(([id, q]) => ({ id, qty: q })) };
      if (code && (!forBooking || this.codeApplies)) out.promo_code = code;
      if (points > 0) out.points = points;
      return out;
    },
    codeApplies: false,
    // Show what the quote says about the extras (null: no quote, e.g. no seats yet).
    show(q) {
      say(basketMsg, "");
      this.codeApplies = false;
      if (!q) { offer.hidden = true; return; }
      const p = q.promotion;
      if (p && p.applied) {
        this.codeApplies = true;
        say(promoMsg, t("js-promo-applied", { name: p.name || p.code }), "ok");
      } else if (p) say(promoMsg, refusal(p.refusal));
      else if (!code) say(promoMsg, "");
      const s = (q.combo_suggestions || [])[0];
      offered = s || null;
      offer.hidden = !s;
      if (s) offerText.textContent = t("js-basket-combo-offer", { name: s.name, saves: formatVnd(s.saves) });
    },
    // A quote the server refused because of the extras: say why.
    refused(status, message) {
      const m = message || "";
      let text = t("js-basket-refused");
      const stock = /out_of_stock: only (\d+) left of (.+)$/.exec(m);
      if (stock) text = t("js-basket-out-of-stock", { n: Number(stock[1]), name: stock[2] });
      else if (m.startsWith("points: you have")) text = t("js-basket-points-balance", { n: Number((/(\d+)/.exec(m) || [0, 0])[1]) });
      else if (m.startsWith("points: at most")) text = t("js-basket-points-cap", { n: Number((/(\d+)/.exec(m) || [0, 0])[1]) });
      say(basketMsg, text);
    },
  };
  changed();
})();
