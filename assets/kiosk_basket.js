// The kiosk's basket: seats from the live seat map (`seatmap:change`, on the seated sale
// screen), the menu's picture cards with +/−, a member found by phone or e-mail with points
// to redeem, a promotion code, and the server's quote of it all (POST
// /api/v1/bookings/quote): its lines, discounts, total and combo offers are what the basket
// shows, and what the sale charges. A combo offered replaces the lines it bundles in one tap.
// kiosk.js sells what this holds through `page.kioskBasket`; kiosk_promo.js words a code's
// outcome. Words come from `t()` (app.js).
"use strict";

(function () {
  const page = document.querySelector("[data-kiosk-basket]");
  if (!page) return;
  const $ = (id) => document.getElementById(id);
  const money = (n) => window.formatVnd(n);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const showtimeId = page.dataset.showtime || "";
  const cinemaId = page.dataset.cinema || "";
  const pointValue = Math.max(1, Number(page.dataset.pointValue) || 1);
  const maxPercent = Math.max(0, Number(page.dataset.maxRedeem) || 0);
  const lines = $("basket-lines");
  const offLines = $("discount-lines");
  const offer = $("combo-offer");
  const memberLine = $("basket-member");
  const note = $("basket-message");
  const totalEl = $("basket-total"); // the seat map writes its own seats-only #total
  const emptyText = lines.textContent.trim();
  const MAX_QTY = 20;

  // The menu as the page drew it.
  const menu = new Map();
  for (const card of page.querySelectorAll("[data-menu-item]")) {
    const d = card.dataset;
    menu.set(d.menuItem, { id: d.menuItem, name: d.name, price: Number(d.price), stock: Number(d.stock), card });
  }

  const state = {
    seats: [], // { id, label, price, seat_type } from the seat map
    items: new Map(), // item id → qty, in the order added
    member: null, // { user_id, full_name, contact, balance, tier }
    code: "", // the code typed, checked by every quote
    points: 0,
    quote: null,
    quoted: -1, // the version `quote` prices
    problem: "", // why the basket cannot be sold as it is
    info: "", // what the basket just did on its own
    version: 0,
    locked: false, // a booking of it is being paid
  };
  const listeners = [];

  const empty = () => !state.seats.length && !state.items.size;
  const fresh = () => state.quote !== null && state.quoted === state.version;
  const sum = (list, f) => list.reduce((n, x) => n + f(x), 0);
  const promoOff = (q) => sum(q.discounts.filter((d) => d.source.startsWith("promotion:")), (d) => d.amount);
  const estimate = () => sum(state.seats, (s) => s.price) + sum([...state.items], ([id, n]) => (menu.get(id) || { price: 0 }).price * n);

  function changed(info) {
    state.version += 1;
    state.problem = "";
    state.info = info || "";
    render();
    requote();
  }

  function setQty(id, qty) {
    const item = menu.get(id);
    if (!item || state.locked) return;
    const n = Math.max(0, Math.min(qty, MAX_QTY));
    if (n > (state.items.get(id) || 0) && n > item.stock) {
      state.info = t("js-kiosk-out-of-stock", { n: item.stock, name: item.name });
      render();
      return;
    }
    if (n === 0) state.items.delete(id);
    else state.items.set(id, n);
    changed();
  }

  // One tap: the combo instead of the lines it bundles.
  function takeCombo(s) {
    if (state.locked) return;
    for (const r of s.replaces) {
      const left = (state.items.get(r.id) || 0) - r.qty;
      if (left > 0) state.items.set(r.id, left);
      else state.items.delete(r.id);
    }
    state.items.set(s.combo_id, (state.items.get(s.combo_id) || 0) + 1);
    changed(t("js-kiosk-combo-taken", { name: s.name, saves: money(s.saves) }));
  }

  // The code goes into the sale only when the latest quote applied it.
  function appliedCode() {
    const p = fresh() && state.quote.promotion;
    return p && p.applied ? state.code : "";
  }

  function body(forSale) {
    const b = {};
    if (state.seats.length) {
      b.showtime_id = showtimeId;
      b.seat_ids = state.seats.map((s) => s.id);
    } else if (cinemaId) {
      b.cinema_id = cinemaId;
    }
    b.concessions = [...state.items].map(([id, qty]) => ({ id, qty }));
    const code = forSale ? appliedCode() : state.code;
    if (code) b.promo_code = code;
    if (state.member) {
      b.member_id = state.member.user_id;
      if (state.points > 0) b.points = state.points;
    }
    return b;
  }

  const message = (data) => (data && typeof data.message === "string" ? data.message : "");

  // Points the server refused: take its figure and ask again. True when it asked again.
  function fix(data) {
    const m = message(data);
    const cap = /^points: at most (\d+) points/.exec(m);
    if (cap && state.points > Number(cap[1])) {
      state.points = Number(cap[1]);
      changed(t("js-kiosk-points-capped", { n: state.points }));
      return true;
    }
    const have = /^points: you have (-?\d+) points/.exec(m);
    if (have && state.member) {
      state.member.balance = Number(have[1]);
      state.points = Math.max(0, Math.min(state.points, state.member.balance));
      changed(t("js-kiosk-points-balance", { n: state.member.balance }));
      return true;
    }
    return false;
  }

  function problemOf(res, data) {
    if (!res) return t("js-kiosk-quote-offline");
    if (res.status === 401) return t("js-kiosk-session-expired");
    const m = message(data);
    const stock = /out_of_stock: only (\d+) left of (.+)$/.exec(m);
    if (stock) return t("js-kiosk-out-of-stock", { n: stock[1], name: stock[2] });
    if (m.startsWith("concessions:")) return t("js-kiosk-err-menu");
    if (m.startsWith("points:")) return t("js-kiosk-err-points");
    return t("js-kiosk-err-quote", { status: res.status });
  }

  async function requote() {
    const v = state.version;
    if (empty()) {
      state.quote = null;
      state.quoted = v;
      render();
      return;
    }
    let res = null;
    let data = null;
    try {
      res = await fetch("/api/v1/bookings/quote", {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify(body(false)),
      });
      try { data = await res.json(); } catch (e) { data = null; }
    } catch (e) {
      res = null;
    }
    if (v !== state.version) return; // the basket changed meanwhile: a newer quote is asked
    if (res && res.ok && data && data.data) {
      state.quote = data.data;
      state.quoted = v;
    } else if (fix(data)) {
      return;
    } else {
      state.problem = problemOf(res, data);
    }
    render();
  }

  function promoText(q) {
    if (!state.code) return "";
    if (empty()) return t("js-kiosk-promo-add-first", { code: state.code });
    if (!q || !q.promotion) return t("js-kiosk-promo-checking");
    return window.kioskPromoText(q, { code: state.code, seated: state.seats.length > 0, member: Boolean(state.member) });
  }

  // The most points this basket may take: the programme's share of it after the code, and
  // no more than the member has.
  function pointsCap() {
    const q = state.quote;
    if (!state.member || !q || empty()) return 0;
    const cap = Math.floor(Math.floor(Math.max(0, q.subtotal - promoOff(q)) * maxPercent / 100) / pointValue);
    return Math.max(0, Math.min(cap, state.member.balance));
  }

  // Points asked for, at most the cap (and said so); a same figure only redraws.
  function setPoints(n) {
    if (!state.member || state.locked) return;
    const cap = pointsCap();
    const next = Number.isInteger(n) && n >= 0 ? Math.min(n, cap) : state.points;
    const info = next !== n ? t(next < n ? "js-kiosk-points-cap" : "js-kiosk-points-bad", { n: cap }) : "";
    if (next === state.points) {
      state.info = info;
      render();
    } else {
      state.points = next;
      changed(info);
    }
  }

  // --- Drawing.
  function stepButton(id, step, label, text) {
    const b = el("button", "step", text);
    b.type = "button";
    b.dataset.item = id;
    b.dataset.step = String(step);
    b.setAttribute("aria-label", label);
    return b;
  }

  function line(cls, name, amount) {
    const li = el("li", cls);
    li.append(el("span", "line-name", name), el("b", "", amount));
    return li;
  }

  function drawLines(q) {
    lines.replaceChildren();
    lines.dataset.quoted = q && !empty() ? "true" : "false";
    if (empty()) lines.appendChild(el("li", "empty", emptyText));
    const seatLines = new Map((q ? q.lines : []).map((l) => [l.seat_id, l]));
    for (const s of state.seats) {
      const l = seatLines.get(s.id) || s;
      const type = (window.SEAT_TYPE_NAMES || {})[l.seat_type] || l.seat_type;
      lines.appendChild(line("seat-line", `${l.label} · ${type}`, money(l.price)));
    }
    const priced = new Map((q ? q.concessions : []).filter((c) => !c.free).map((c) => [c.item_id, c]));
    for (const [id, qty] of state.items) {
      const item = menu.get(id);
      const c = priced.get(id);
      const name = c ? c.name : item.name;
      const li = el("li", "item-line");
      li.dataset.item = id;
      const stepper = el("span", "stepper");
      const less = stepButton(id, -1, t("js-kiosk-item-less", { name }), "−");
      const more = stepButton(id, 1, t("js-kiosk-item-more", { name }), "+");
      more.disabled = state.locked || qty >= Math.min(MAX_QTY, item.stock);
      less.disabled = state.locked;
      stepper.append(less, el("output", "qty", String(qty)), more);
      li.append(el("span", "line-name", name), stepper, el("b", "", money(c ? c.amount : item.price * qty)));
      lines.appendChild(li);
    }
    for (const c of (q ? q.concessions : []).filter((x) => x.free)) {
      lines.appendChild(line("free-line", t("js-kiosk-free-line", { name: c.name, qty: c.qty }), t("js-kiosk-free")));
    }
  }

  function drawDiscounts(q) {
    offLines.replaceChildren();
    if (q) {
      const free = sum(q.concessions.filter((c) => c.free), (c) => c.amount);
      const code = promoOff(q) - free;
      if (code > 0) offLines.appendChild(line("off-line", t("js-kiosk-discount-code", { code: state.code }), "−" + money(code)));
      const pts = sum(q.discounts.filter((d) => d.source === "points"), (d) => d.amount);
      if (pts > 0) offLines.appendChild(line("off-line", t("js-kiosk-discount-points", { n: q.points_redeemed }), "−" + money(pts)));
    }
    offLines.hidden = !offLines.children.length;
  }

  function drawOffer(q) {
    offer.replaceChildren();
    const s = q && !state.locked ? (q.combo_suggestions || []).find((x) => menu.has(x.combo_id)) : null;
    offer.hidden = !s;
    if (!s) return;
    const b = el("button", "button big-button combo-button", t("js-kiosk-combo-offer", { name: s.name, saves: money(s.saves) }));
    b.type = "button";
    b.id = "take-combo";
    b.dataset.combo = s.combo_id;
    b.addEventListener("click", () => takeCombo(s));
    offer.appendChild(b);
  }

  function drawMember(q) {
    const m = state.member;
    memberLine.hidden = !m;
    $("member-card").hidden = !m;
    if (!m) return;
    let text = t("js-kiosk-member-line", { name: m.full_name, tier: m.tier, balance: m.balance });
    if (q && q.points_earned > 0) text += " · " + t("js-kiosk-points-earned", { n: q.points_earned });
    memberLine.textContent = text;
    $("member-name").textContent = m.full_name;
    $("member-contact").textContent = m.contact;
    $("member-tier").textContent = t("js-kiosk-member-tier", { tier: m.tier });
    $("member-balance").textContent = t("js-kiosk-member-balance", { n: m.balance });
    const input = $("points");
    if (document.activeElement !== input) input.value = String(state.points);
    $("points-cap").textContent = state.quote && !empty() ? t("js-kiosk-points-cap", { n: pointsCap() }) : "";
    for (const b of $("member-card").querySelectorAll("button")) b.disabled = state.locked;
    input.disabled = state.locked;
  }

  function drawMenu() {
    let count = 0;
    for (const item of menu.values()) {
      const qty = state.items.get(item.id) || 0;
      count += qty;
      item.card.classList.toggle("in-basket", qty > 0);
      const out = item.card.querySelector("output.qty");
      if (out) out.textContent = String(qty);
      for (const b of item.card.querySelectorAll("button[data-step]")) {
        const up = Number(b.dataset.step) > 0;
        b.disabled = state.locked || (up ? qty >= Math.min(MAX_QTY, item.stock) : qty === 0);
      }
    }
    const badge = (id, n) => { const e = $(id); if (e) e.textContent = n ? String(n) : ""; };
    badge("seats-count", state.seats.length);
    badge("menu-count", count);
    badge("extras-count", (state.member ? 1 : 0) + (appliedCode() ? 1 : 0));
  }

  function render() {
    const q = fresh() ? state.quote : null;
    drawLines(q);
    drawDiscounts(q);
    drawOffer(q);
    drawMember(q);
    drawMenu();
    totalEl.textContent = money(q ? q.total : estimate());
    totalEl.classList.toggle("stale", !q && !empty());
    const text = state.problem || state.info;
    note.hidden = !text;
    note.textContent = text;
    note.className = "message" + (state.problem ? " error" : " info");
    const promo = $("promo-message");
    const said = promoText(q);
    promo.hidden = !said;
    promo.textContent = said;
    promo.className = "message" + (q && q.promotion && q.promotion.applied ? " ok" : q && q.promotion ? " error" : " info");
    $("promo-clear").hidden = !state.code || state.locked;
    $("promo-apply").disabled = state.locked;
    $("member-find").disabled = state.locked;
    for (const f of listeners) f();
  }

  // --- Seats, menu, tabs.
  page.addEventListener("seatmap:change", (ev) => {
    if (state.locked) return;
    const seats = (ev.detail.seats || []).map((s) => ({ id: s.id, label: s.label, price: s.price, seat_type: s.seat_type }));
    const same = seats.map((s) => s.id).join() === state.seats.map((s) => s.id).join();
    state.seats = seats;
    if (same) render();
    else changed();
  });

  page.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-step]");
    if (!b || b.disabled) return;
    setQty(b.dataset.item, (state.items.get(b.dataset.item) || 0) + Number(b.dataset.step));
  });

  const tabs = [...page.querySelectorAll("[role=tab]")];
  function pick(tab) {
    for (const x of tabs) {
      const on = x === tab;
      x.setAttribute("aria-selected", on ? "true" : "false");
      const panel = $(x.getAttribute("aria-controls"));
      if (panel) panel.hidden = !on;
    }
  }
  for (const x of tabs) {
    x.addEventListener("click", () => pick(x));
    x.addEventListener("keydown", (ev) => {
      if (ev.key !== "ArrowLeft" && ev.key !== "ArrowRight") return;
      ev.preventDefault();
      const next = tabs[(tabs.indexOf(x) + (ev.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      pick(next);
    });
  }

  // --- Member and points.
  const memberSay = (text, kind) => {
    const m = $("member-message");
    m.hidden = !text;
    m.textContent = text || "";
    m.className = "message" + (kind ? " " + kind : " error");
  };
  const results = $("member-results");

  function choose(m) {
    state.member = { ...m };
    state.points = 0;
    results.hidden = true;
    results.replaceChildren();
    memberSay("");
    $("member-q").value = "";
    changed();
  }

  $("member-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (state.locked) return;
    const q = $("member-q").value.trim();
    results.hidden = true;
    if (q.length < 5) { memberSay(t("js-kiosk-member-short")); return; }
    memberSay(t("js-kiosk-member-searching"), "info");
    let res;
    let data = null;
    try {
      res = await fetch("/api/v1/loyalty/members?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } });
      try { data = await res.json(); } catch (e) { data = null; }
    } catch (e) {
      memberSay(t("js-kiosk-quote-offline"));
      return;
    }
    if (res.status === 422) { memberSay(t("js-kiosk-member-short")); return; }
    if (res.status === 401) { memberSay(t("js-kiosk-session-expired")); return; }
    const found = res.ok && data && Array.isArray(data.data) ? data.data : null;
    if (!found) { memberSay(t("js-kiosk-member-error", { status: res.status })); return; }
    if (!found.length) { memberSay(t("js-kiosk-member-none", { q })); return; }
    if (found.length === 1) { choose(found[0]); return; }
    memberSay(t("js-kiosk-member-many", { n: found.length }), "info");
    results.replaceChildren();
    for (const m of found) {
      const li = el("li");
      const b = el("button", "button big-button member-pick", t("js-kiosk-member-result", { name: m.full_name, contact: m.contact, tier: m.tier, balance: m.balance }));
      b.type = "button";
      b.addEventListener("click", () => choose(m));
      li.appendChild(b);
      results.appendChild(li);
    }
    results.hidden = false;
  });

  $("member-clear").addEventListener("click", () => {
    if (state.locked) return;
    state.member = null;
    state.points = 0;
    changed();
  });
  for (const b of page.querySelectorAll("button[data-points-step]")) {
    b.addEventListener("click", () => setPoints(Math.max(0, state.points + Number(b.dataset.pointsStep))));
  }
  $("points-max").addEventListener("click", () => setPoints(pointsCap()));
  $("points-none").addEventListener("click", () => setPoints(0));
  const typedPoints = () => {
    const v = $("points").value.trim();
    setPoints(/^\d{1,7}$/.test(v) ? Number(v) : -1);
  };
  $("points").addEventListener("change", typedPoints);
  $("points").addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); typedPoints(); } });

  // --- The code.
  $("promo-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (state.locked) return;
    const code = $("promo-code").value.trim().toUpperCase();
    if (!code) {
      state.info = t("js-kiosk-promo-empty");
      render();
      return;
    }
    state.code = code;
    $("promo-code").value = code;
    changed();
  });
  $("promo-clear").addEventListener("click", () => {
    if (state.locked) return;
    state.code = "";
    $("promo-code").value = "";
    changed();
  });

  // --- What kiosk.js sells.
  page.kioskBasket = {
    showtimeId,
    cinemaId,
    empty,
    /** Priced by a quote of exactly this basket, with nothing refused. */
    ready: () => !empty() && fresh() && !state.problem,
    total: () => (fresh() ? state.quote.total : estimate()),
    version: () => state.version,
    hasSeats: () => state.seats.length > 0,
    /** The sale's body: seats or the cinema, concessions, the applied code, the points. */
    body: () => body(true),
    lock(on) {
      state.locked = Boolean(on);
      render();
    },
    onChange(f) { listeners.push(f); },
  };
  render();
})();
