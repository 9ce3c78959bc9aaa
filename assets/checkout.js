// Checkout of the booking site.
// - Seat map page: "Continue with N seats · total" books the seats I hold
//   (POST /api/v1/bookings) and opens the booking's checkout page. Seats the same account
//   holds from another window are booked only once the user says yes (no lets them go).
// - Booking page (/bookings/{id}): countdown to the pay-by time, pay with VNPay, cancel,
//   print tickets, and after a payment whose confirmation has not arrived yet, poll the
//   booking until it is confirmed.
"use strict";

(function () {
  async function api(method, url, body) {
    const init = { method, credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const res = await fetch(url, init);
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    return { status: res.status, ok: res.ok, body: data };
  }

  // A random UUID; crypto.randomUUID only exists on secure origins (not plain http on a LAN).
  function uuid() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function show(el, text, kind) {
    if (!el) return;
    el.hidden = !text;
    el.className = "message" + (kind ? " " + kind : "");
    el.textContent = text || "";
  }

  // ---- Seat map: Continue ----
  const seatPage = document.getElementById("seatmap-page");
  if (seatPage) {
    const button = document.getElementById("continue");
    const msg = document.getElementById("seat-message");
    const lines = document.getElementById("quote-lines");
    const totalEl = document.getElementById("total");
    const basket = () => window.basketUI || null;
    let latest = 0;
    // The server's quote of the seats with the extras (concessions, code, points); null when
    // there are no seats, the selection moved on meanwhile, or the quote was refused.
    async function quote(showtimeId, seatIds) {
      const mine = ++latest;
      if (!seatIds.length) return null;
      const extras = basket() ? basket().extras(false) : {};
      let res;
      try {
        res = await api("POST", "/api/v1/bookings/quote", { showtime_id: showtimeId, seat_ids: seatIds, ...extras });
      } catch (e) {
        res = { status: 0, ok: false, body: null };
      }
      if (mine !== latest) return null;
      if (res.ok && res.body && res.body.data) return res.body.data;
      if (basket() && (res.status === 409 || res.status === 422)) basket().refused(res.status, res.body && res.body.message);
      return null;
    }
    const ask = document.getElementById("other-confirm");
    let selection = { seats: [], foreign: [], total: 0 };
    let key = null; // idempotency key of the current selection
    let keyFor = "";
    let busy = false;

    const label = () => {
      const n = selection.seats.length;
      if (!n) return t("js-checkout-continue");
      return t(n === 1 ? "js-checkout-continue-one" : "js-checkout-continue-many", { n, total: formatVnd(selection.total) });
    };
    const refresh = () => {
      button.disabled = busy || selection.seats.length === 0;
      button.textContent = busy ? t("js-checkout-booking") : label();
    };

    // The lines and total shown are the server's quote: what Continue will charge.
    function renderQuote(q) {
      lines.replaceChildren();
      lines.hidden = !q;
      if (!q) return;
      const line = (text, amount, cls) => {
        const li = document.createElement("li");
        if (cls) li.className = cls;
        const name = document.createElement("span");
        name.textContent = text;
        const price = document.createElement("b");
        price.textContent = amount;
        li.append(name, price);
        lines.appendChild(li);
      };
      for (const l of q.lines) line(`${l.label} · ${window.SEAT_TYPE_NAMES[l.seat_type] || l.seat_type}`, formatVnd(l.price));
      for (const c of q.concessions || []) {
        line(t("js-basket-line", { name: c.name, qty: c.qty }), c.free ? t("js-basket-free") : formatVnd(c.amount), "concession");
      }
      for (const d of q.discounts || []) {
        const label = d.source === "points" ? t("js-basket-points-line", { n: q.points_redeemed })
          : t("js-basket-code-line", { code: d.source.replace(/^promotion:/, "") });
        line(label, "−" + formatVnd(d.amount), "discount");
      }
      selection.total = q.total;
      totalEl.textContent = formatVnd(q.total);
    }

    // One idempotency key per set of seats booked (pressing again retries the same booking).
    function keyOf(seats) {
      const extras = basket() ? JSON.stringify(basket().extras(true)) : "";
      const sig = seats.map((s) => s.id).sort().join(",") + (seats.length ? extras : "");
      if (sig !== keyFor) { keyFor = sig; key = sig ? uuid() : null; }
      return key;
    }

    // The question about seats held in another window (asked again when they change).
    let asked = "";
    const foreignSig = () => (selection.foreign || []).map((s) => s.id).sort().join(",");
    function askAboutOthers() {
      const names = selection.foreign.map((s) => s.label).join(", ");
      document.getElementById("other-confirm-text").textContent = t("js-seatmap-other-confirm", { seats: names });
      ask.hidden = false;
      asked = foreignSig();
      document.getElementById("other-yes").focus();
    }

    async function requote() {
      const q = await quote(selection.showtimeId, selection.seats.map((s) => s.id));
      if (q || !selection.seats.length) {
        renderQuote(q);
        if (basket()) basket().show(q);
        refresh();
      }
    }
    seatPage.addEventListener("seatmap:change", async (ev) => {
      selection = ev.detail;
      if (!selection.foreign) selection.foreign = [];
      if (ask && !ask.hidden && foreignSig() !== asked) ask.hidden = true;
      keyOf(selection.seats);
      refresh();
      await requote();
    });
    seatPage.addEventListener("basket:change", () => {
      if (selection.seats.length) requote();
    });

    button.addEventListener("click", () => {
      if (busy || !selection.seats.length) return;
      if (ask && selection.foreign.length) { askAboutOthers(); return; }
      book(selection.seats);
    });
    if (ask) {
      document.getElementById("other-yes").addEventListener("click", () => {
        ask.hidden = true;
        book(selection.seats);
      });
      document.getElementById("other-no").addEventListener("click", () => {
        ask.hidden = true;
        const others = new Set(selection.foreign.map((s) => s.id));
        if (typeof seatPage.seatmapRelease === "function") seatPage.seatmapRelease([...others]);
        const mine = selection.seats.filter((s) => !others.has(s.id));
        if (mine.length) book(mine);
      });
    }

    async function book(seats) {
      if (busy || !seats.length) return;
      busy = true;
      refresh();
      show(msg, "");
      let res;
      try {
        res = await api("POST", "/api/v1/bookings", {
          showtime_id: selection.showtimeId,
          seat_ids: seats.map((s) => s.id),
          idempotency_key: keyOf(seats),
          ...(basket() ? basket().extras(true) : {}),
        });
      } catch (e) {
        res = { status: 0, ok: false, body: null };
      }
      if (res.ok && res.body && res.body.data) {
        location.assign(`/bookings/${encodeURIComponent(res.body.data.id)}`);
        return;
      }
      busy = false;
      show(msg, refusal(res));
      refresh();
      if (res.status === 409 && typeof seatPage.seatmapReload === "function") seatPage.seatmapReload();
    }

    // The API's message names the field at fault: mapped to a sentence, never shown.
    function refusal(res) {
      const m = (res.body && res.body.message) || "";
      if (res.status === 0) return t("js-checkout-no-connection");
      if (res.status === 401) return t("js-seatmap-session-expired");
      if (res.status === 409 && m.startsWith("seat_ids")) return t("js-checkout-hold-ran-out");
      if (res.status === 409 && m.startsWith("seat_taken")) return t("js-checkout-seat-taken");
      if (res.status === 409 && m.startsWith("sales_closed")) return t("js-seatmap-err-sales_closed");
      if (res.status === 409 && m.startsWith("seat_gap")) {
        // "seat_gap: seat E7 would be left empty on its own between taken seats; …"
        const gap = /\bseat ([^\s,;:]+)[,;:]? /.exec(m.slice("seat_gap".length));
        return gap ? t("js-seatmap-seat-gap", { seat: gap[1] }) : t("js-seatmap-seat-gap-any");
      }
      if (res.status === 409 && m.startsWith("idempotency_key")) { keyFor = ""; return t("js-checkout-press-again"); }
      if ((res.status === 409 || res.status === 422) && /^(concessions|points|promo_code):/.test(m) && basket()) {
        basket().refused(res.status, m);
        return t("js-basket-refused");
      }
      return t("js-checkout-book-failed");
    }
    refresh();
  }

  // ---- Booking page ----
  const page = document.getElementById("booking-page");
  if (!page) return;
  const id = page.dataset.booking;
  const status = page.dataset.status;
  const skew = Number(page.dataset.serverNow) - Date.now();
  const payMsg = document.getElementById("pay-message");
  const payBtn = document.getElementById("pay-vnpay");
  const cancelBtn = document.getElementById("cancel-booking");
  const countdown = document.getElementById("pay-countdown");
  const printBtn = document.getElementById("print-tickets");

  if (printBtn) printBtn.addEventListener("click", () => window.print());

  if (status !== "PENDING") return;

  const expires = Date.parse(page.dataset.expires);
  let timer = null;
  function tick() {
    const left = Math.max(0, Math.round((expires - (Date.now() + skew)) / 1000));
    countdown.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    countdown.classList.toggle("urgent", left < 60);
    if (left > 0) { timer = setTimeout(tick, 1000); return; }
    payBtn.disabled = true;
    cancelBtn.disabled = true;
    show(payMsg, t("js-checkout-time-up"));
    setTimeout(() => location.reload(), 3000);
  }
  tick();

  function setBusy(on, which, text) {
    payBtn.disabled = on;
    cancelBtn.disabled = on;
    if (on) { which.dataset.label = which.textContent; which.textContent = text; }
    else if (which.dataset.label) which.textContent = which.dataset.label;
  }

  payBtn.addEventListener("click", async () => {
    show(payMsg, "");
    setBusy(true, payBtn, t("js-checkout-opening-vnpay"));
    let res;
    try {
      res = await api("POST", `/api/v1/bookings/${encodeURIComponent(id)}/payments/vnpay`, {});
    } catch (e) {
      res = { status: 0, ok: false, body: null };
    }
    if (res.ok && res.body && res.body.data && res.body.data.payment_url) {
      location.assign(res.body.data.payment_url);
      return;
    }
    setBusy(false, payBtn);
    if (res.status === 409) {
      show(payMsg, t("js-checkout-not-payable"));
      setTimeout(() => location.reload(), 1500);
    } else if (res.status === 401) show(payMsg, t("js-seatmap-session-expired"));
    else if (res.status === 0) show(payMsg, t("js-checkout-no-connection"));
    else show(payMsg, t("js-checkout-pay-unavailable"));
  });

  cancelBtn.addEventListener("click", async () => {
    if (!window.confirm(t("js-checkout-cancel-confirm"))) return;
    show(payMsg, "");
    setBusy(true, cancelBtn, t("js-checkout-cancelling"));
    let res;
    try {
      res = await api("POST", `/api/v1/bookings/${encodeURIComponent(id)}/cancel`, {});
    } catch (e) {
      res = { status: 0, ok: false, body: null };
    }
    if (res.ok || res.status === 409) { location.reload(); return; }
    setBusy(false, cancelBtn);
    show(payMsg, t(res.status === 0 ? "js-checkout-no-connection"
      : res.status === 401 ? "js-seatmap-session-expired" : "js-checkout-cancel-failed"));
  });

  // Back from a payment before VNPay's confirmation reached us: poll until it has.
  if (page.dataset.confirming === "true") {
    payBtn.disabled = true;
    const started = Date.now();
    const poll = async () => {
      try {
        const res = await api("GET", `/api/v1/bookings/${encodeURIComponent(id)}`);
        if (res.ok && res.body && res.body.data && res.body.data.status !== "PENDING") {
          clearTimeout(timer);
          location.replace(`/bookings/${encodeURIComponent(id)}`);
          return;
        }
      } catch (e) { /* offline for a moment: try again */ }
      if (Date.now() - started < 120000) { setTimeout(poll, 1500); return; }
      payBtn.disabled = false;
      show(document.getElementById("confirming"), t("js-checkout-not-confirmed"), "info");
    };
    setTimeout(poll, 1000);
  }
})();
