// The box-office kiosk: quick-fill buttons of the till forms; on the sale screens (seats, or
// concessions alone) the payment of the basket kiosk_basket.js holds: cash with
// tendered/change or card with a reference, then the booking (or concessions sale) and its
// box-office payment, change due and the print view (tickets, or the receipt); the close
// form's count by note, typed on the keyboard or the on-screen keypad. Words come from the
// page's messages (`t()` of app.js).
// Keys: on the sale screen digits type the amount tendered, Enter confirms (or takes the
// next customer), Esc backs out of a payment; on the close form Enter goes to the next note,
// Esc on the confirm step goes back to the count.
"use strict";

(function () {
  const money = (n) => (window.formatVnd ? window.formatVnd(n) : String(n));

  // Open till / close till: buttons that put a common amount into an input.
  document.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-fill]");
    if (!b) return;
    const input = document.querySelector(b.dataset.fill);
    if (input) { input.value = money(Number(b.dataset.amount)).replace(" ₫", ""); input.focus(); }
  });

  // Close till: the count by note adds up into the total counted.
  const notes = document.getElementById("notes-count");
  if (notes) {
    const inputs = [...notes.querySelectorAll("input[data-note]")];
    const counted = document.getElementById("counted-cash");
    const recount = () => {
      let total = 0;
      let any = false;
      for (const i of inputs) {
        const out = notes.querySelector(`output[data-subtotal="${i.dataset.note}"]`);
        const n = /^\d+$/.test(i.value.trim()) ? Number(i.value.trim()) : 0;
        if (i.value.trim() !== "") any = true;
        const sub = n * Number(i.dataset.note);
        total += sub;
        if (out) out.textContent = i.value.trim() === "" ? "" : money(sub);
      }
      if (any && counted) counted.value = money(total).replace(" ₫", "");
    };
    notes.addEventListener("input", recount);
    notes.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter") return;
      const at = inputs.indexOf(ev.target);
      if (at < 0) return;
      ev.preventDefault();
      const next = inputs[at + 1] || counted;
      if (next) { next.focus(); if (next.select) next.select(); }
    });

    // The on-screen keypad (a touch kiosk) types into the note box that has focus, as the
    // keyboard does; its keys keep the focus in that box. "Next" goes on to the next note.
    const pad = document.getElementById("note-keypad");
    let active = inputs[0] || null;
    const mark = (i) => {
      active = i;
      for (const x of inputs) x.closest("tr").classList.toggle("active", x === i);
    };
    const go = (i) => {
      mark(i);
      i.focus({ preventScroll: true });
      i.select();
    };
    notes.addEventListener("focusin", (ev) => { if (inputs.includes(ev.target)) mark(ev.target); });
    if (pad && active) {
      pad.addEventListener("mousedown", (ev) => { if (ev.target.closest("button")) ev.preventDefault(); });
      pad.addEventListener("click", (ev) => {
        const b = ev.target.closest("button[data-note-key]");
        if (!b || !active) return;
        const k = b.dataset.noteKey;
        const i = active;
        if (document.activeElement !== i) i.focus({ preventScroll: true });
        if (k === "next") {
          const at = inputs.indexOf(i);
          if (at + 1 < inputs.length) go(inputs[at + 1]);
          else document.getElementById("review-count").focus();
          return;
        }
        const v = i.value;
        let from = i.selectionStart ?? v.length;
        let to = i.selectionEnd ?? v.length;
        if (k === "clear") { from = 0; to = v.length; }
        else if (k === "back" && from === to) from = Math.max(0, from - 1);
        const put = /^\d+$/.test(k) ? k : "";
        let next = v.slice(0, from) + put + v.slice(to);
        if (put) next = next.replace(/^0+(?=\d)/, "");
        if (put && next.replace(/\D/g, "").length > 6) return;
        const caret = next.length - (v.length - to);
        i.value = next;
        i.setSelectionRange(caret, caret);
        i.dispatchEvent(new Event("input", { bubbles: true }));
      });
      go(active);
    }
  }
  const back = document.querySelector("#confirm-form [data-escape]");
  if (back) {
    document.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") { ev.preventDefault(); back.click(); }
    });
  }

  // The print views (tickets, receipt) print themselves once their QR images are in (kiosk
  // printers print silently): in the sale screen's frame, or opened with ?print=1 (a booking
  // found at the counter).
  if (document.body.classList.contains("tickets-print")) {
    const asked = new URLSearchParams(location.search).has("print");
    window.addEventListener("load", () => { if (window.self !== window.top || asked) window.print(); });
    return;
  }

  // The sale screens (seats with extras, or concessions alone): the basket is kiosk_basket.js.
  const page = document.querySelector(".kiosk-sale");
  const basket = page && page.kioskBasket;
  if (!basket) return;
  const $ = (id) => document.getElementById(id);
  const payButtons = $("pay-buttons");
  const cashBtn = $("pay-cash");
  const cardBtn = $("pay-card");
  const cashPanel = $("cash-panel");
  const cardPanel = $("card-panel");
  const donePanel = $("sale-done");
  const tenderedOut = $("tendered");
  const changeOut = $("change-preview");
  const confirmCash = $("confirm-cash");
  const confirmCard = $("confirm-card");
  const cardRef = $("card-ref");
  const msg = $("sale-message");
  const frame = $("print-frame");

  let typed = ""; // digits of the amount tendered
  let pending = null; // a booking made but not paid yet (retry pays it)
  let key = null; // idempotency key of the current basket's booking
  let keyFor = -1; // the basket version the key was made for
  let busy = false;
  let sold = false;

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "k-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function say(text) {
    msg.hidden = !text;
    msg.textContent = text || "";
  }

  function show(panel) {
    for (const p of [cashPanel, cardPanel, donePanel]) p.hidden = p !== panel;
    payButtons.hidden = panel !== null;
  }

  // What is charged: the booking once made, else the basket's quote.
  const total = () => (pending ? pending.total : basket.total());
  const sellable = () => Boolean(pending) || basket.ready();

  function refresh() {
    $("cash-total").textContent = money(total());
    $("card-total").textContent = money(total());
    const can = sellable() && !busy && !sold;
    cashBtn.disabled = !can;
    cardBtn.disabled = !can;
    renderTender();
  }

  function tendered() { return Number(typed || "0"); }

  function renderTender() {
    const given = tendered();
    tenderedOut.textContent = money(given);
    const change = given - total();
    if (!typed) { changeOut.textContent = "—"; changeOut.className = ""; }
    else if (change >= 0) { changeOut.textContent = money(change); changeOut.className = ""; }
    else { changeOut.textContent = t("js-kiosk-short-by", { amount: money(-change) }); changeOut.className = "short"; }
    confirmCash.disabled = busy || !sellable() || !typed || change < 0;
    confirmCard.disabled = busy || !sellable();
  }

  basket.onChange(() => {
    if (!pending && !sold && basket.empty()) show(null);
    refresh();
  });

  cashBtn.addEventListener("click", () => { typed = ""; say(""); show(cashPanel); renderTender(); });
  cardBtn.addEventListener("click", () => { say(""); show(cardPanel); renderTender(); cardRef.focus(); });
  $("tender-exact").addEventListener("click", () => { typed = String(total()); renderTender(); });
  // Notes handed over add up: 200.000 tapped twice is 400.000.
  for (const b of document.querySelectorAll("button[data-tender]")) {
    b.addEventListener("click", () => {
      const next = tendered() + Number(b.dataset.tender);
      if (String(next).length <= 12) typed = String(next);
      renderTender();
    });
  }
  $("tender-clear").addEventListener("click", () => { typed = ""; renderTender(); });
  $("keypad").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-key]");
    if (!b) return;
    const k = b.dataset.key;
    if (k === "C") typed = "";
    else if ((typed + k).length <= 12) typed = (typed + k).replace(/^0+(?=\d)/, "");
    renderTender();
  });

  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    return { ok: res.ok, status: res.status, body: data };
  }

  // The API answers in English naming the field; the cashier reads a sentence of the page.
  function failed(r, what) {
    const m = r.body && typeof r.body.message === "string" ? r.body.message : "";
    let key = what === "booking" ? "js-kiosk-err-booking" : "js-kiosk-err-payment";
    if (r.status === 401) key = "js-kiosk-session-expired";
    else if (m.includes("no open till")) key = "js-kiosk-err-no-till";
    else if (m.includes("another cinema")) key = "js-kiosk-err-wrong-cinema";
    else if (m.startsWith("tendered:")) key = "js-kiosk-err-tendered";
    else if (m.startsWith("reference:")) key = "js-kiosk-need-reference";
    else if (m.startsWith("seat_taken") || m.startsWith("seat_ids")) key = "js-kiosk-err-seat-taken";
    else if (m.startsWith("booking is")) key = "js-kiosk-err-not-pending";
    else if (m.startsWith("sales_closed:")) key = "js-kiosk-err-sales-closed";
    else if (m.startsWith("promo_used_up:")) key = "js-kiosk-err-promo-used-up";
    else if (m.startsWith("promo_code:")) key = "js-kiosk-err-promo";
    else if (m.startsWith("points:")) key = "js-kiosk-err-points";
    else if (m.startsWith("concessions:")) key = "js-kiosk-err-menu";
    const gap = m.startsWith("seat_gap:") ? /seat (\S+) /.exec(m) : null;
    const stock = /out_of_stock: only (\d+) left of (.+)$/.exec(m);
    if (gap) say(t("js-seatmap-seat-gap", { seat: gap[1] }));
    else if (stock) say(t("js-kiosk-out-of-stock", { n: stock[1], name: stock[2] }));
    else say(t(key, { status: r.status }));
  }

  // Back out of a payment: a booking made for it is cancelled, so its seats, stock and points
  // are free again, and the basket can change.
  async function release() {
    if (!pending) return;
    const id = pending.id;
    pending = null;
    key = null;
    await api("POST", `/api/v1/bookings/${encodeURIComponent(id)}/cancel`, {});
    basket.lock(false);
    if (page.seatmapReload) page.seatmapReload();
  }
  for (const b of document.querySelectorAll("button[data-cancel]")) {
    b.addEventListener("click", async () => {
      say("");
      await release();
      show(null);
      refresh();
    });
  }

  async function sell(tender) {
    if (busy || !sellable()) return;
    busy = true;
    refresh();
    say("");
    try {
      if (!pending) {
        if (key === null || keyFor !== basket.version()) { key = newKey(); keyFor = basket.version(); }
        const body = { ...basket.body(), idempotency_key: key };
        const path = basket.hasSeats() ? "/api/v1/bookings" : "/api/v1/sales/concessions";
        const r = await api("POST", path, body);
        if (!r.ok) { failed(r, "booking"); return; }
        pending = r.body.data;
        basket.lock(true);
      }
      const p = await api("POST", `/api/v1/bookings/${encodeURIComponent(pending.id)}/pay/box-office`, tender);
      if (!p.ok) { failed(p, "payment"); return; }
      done(p.body.data);
    } catch (e) {
      say(t("js-kiosk-offline"));
    } finally {
      busy = false;
      refresh();
    }
  }

  // "E7, E8 · Bắp rang bơ × 2 · 245.000 ₫".
  function soldText(b) {
    const parts = [];
    if (b.seats.length) parts.push(b.seats.map((s) => s.seat_label).join(", "));
    if (b.concessions && b.concessions.length) {
      parts.push(b.concessions.map((c) => t("js-kiosk-item-line", { name: c.name, qty: c.qty })).join(", "));
    }
    parts.push(money(b.total));
    return parts.join(" · ");
  }

  function done(sale) {
    sold = true;
    pending = null;
    const pay = sale.payment;
    const b = sale.booking;
    $("done-seats").textContent = soldText(b);
    $("change-due").textContent = pay.method === "CASH" ? money(pay.change_due || 0) : t("js-kiosk-card-paid", { ref: pay.card_reference || "" });
    show(donePanel);
    $("basket").classList.add("sold"); // the sale's summary replaces its lines
    const view = b.showtime_id ? "print" : "receipt";
    frame.src = `/kiosk/bookings/${encodeURIComponent(b.id)}/${view}`;
    $("next-customer").focus();
  }

  confirmCash.addEventListener("click", () => sell({ method: "CASH", tendered: tendered() }));
  confirmCard.addEventListener("click", () => {
    const ref = cardRef.value.trim();
    if (!ref) { say(t("js-kiosk-need-reference")); cardRef.focus(); return; }
    sell({ method: "CARD", reference: ref });
  });
  cardRef.addEventListener("keydown", (ev) => { if (ev.key === "Enter") confirmCard.click(); });
  $("print-again").addEventListener("click", () => { if (frame.contentWindow) frame.contentWindow.print(); });
  $("next-customer").addEventListener("click", () => { window.location.assign(page.dataset.next || "/kiosk"); });

  // The keyboard of a cashier: digits, Backspace, Enter to confirm, Esc to go back (typing
  // in a field of the page, such as the member's phone, is left alone).
  const open = (panel) => !panel.hidden;
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (open(donePanel)) {
      if (ev.key === "Enter") { ev.preventDefault(); $("next-customer").click(); }
      return;
    }
    const panel = [cashPanel, cardPanel].find(open);
    if (ev.key === "Escape" && panel) {
      ev.preventDefault();
      const cancel = panel.querySelector("button[data-cancel]");
      if (cancel) cancel.click();
      return;
    }
    const inField = ev.target.closest && ev.target.closest("input, select, textarea");
    if (panel === cashPanel && !inField) {
      if (/^\d$/.test(ev.key)) {
        ev.preventDefault();
        if ((typed + ev.key).length <= 12) typed = (typed + ev.key).replace(/^0+(?=\d)/, "");
        renderTender();
      } else if (ev.key === "Backspace") {
        ev.preventDefault();
        typed = typed.slice(0, -1);
        renderTender();
      } else if (ev.key === "Delete") {
        ev.preventDefault();
        typed = "";
        renderTender();
      } else if (ev.key === "Enter") {
        ev.preventDefault();
        if (!confirmCash.disabled) confirmCash.click();
      }
      return;
    }
    if (!panel && ev.key === "Enter" && !cashBtn.disabled && !ev.target.closest("a, button, input, select, textarea")) {
      ev.preventDefault();
      cashBtn.click();
    }
  });

  refresh();
})();
