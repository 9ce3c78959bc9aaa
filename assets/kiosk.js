// The box-office kiosk: quick-fill buttons of the till forms, and the sale screen's basket
// (fed by the live seat map's `seatmap:change`), cash with tendered/change or card with a
// reference, then booking + box-office payment, change due and the ticket print view.
"use strict";

/** Seat types as the seat map names them. */
const TYPE_NAMES = { STANDARD: "Standard", VIP: "VIP", COUPLE: "Couple", PREMIUM: "Premium", WHEELCHAIR: "Wheelchair" };

(function () {
  const money = (n) => (window.formatVnd ? window.formatVnd(n) : String(n));

  // Open till / close till: buttons that put a common amount into an input.
  document.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-fill]");
    if (!b) return;
    const input = document.querySelector(b.dataset.fill);
    if (input) { input.value = money(Number(b.dataset.amount)).replace(" ₫", ""); input.focus(); }
  });

  // The print view prints itself once its QR images are in (kiosk printers print silently).
  if (document.body.classList.contains("tickets-print")) {
    window.addEventListener("load", () => { if (window.self !== window.top) window.print(); });
    return;
  }

  const page = document.getElementById("seatmap-page");
  if (!page || !page.classList.contains("kiosk-sale")) return;
  const $ = (id) => document.getElementById(id);
  const showtimeId = page.dataset.showtime;
  const lines = $("basket-lines");
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

  const quote = window.quoter();
  let basket = { seats: [], total: 0 };
  let typed = ""; // digits of the amount tendered
  let pending = null; // a booking made but not paid yet (retry pays it)
  let key = null; // idempotency key of the current basket's booking
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

  function renderBasket() {
    lines.replaceChildren();
    lines.dataset.quoted = basket.quoted ? "true" : "false";
    if (!basket.seats.length) {
      const li = document.createElement("li");
      li.className = "empty";
      li.textContent = "Tap seats on the map";
      lines.appendChild(li);
    }
    for (const s of basket.seats) {
      const li = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = `${s.label} · ${TYPE_NAMES[s.seat_type] || s.seat_type}`;
      const price = document.createElement("b");
      price.textContent = money(s.price);
      li.append(name, price);
      lines.appendChild(li);
    }
    $("cash-total").textContent = money(basket.total);
    $("card-total").textContent = money(basket.total);
    const can = basket.seats.length > 0 && !busy && !sold;
    cashBtn.disabled = !can;
    cardBtn.disabled = !can;
    renderTender();
  }

  function tendered() { return Number(typed || "0"); }

  function renderTender() {
    const t = tendered();
    tenderedOut.textContent = money(t);
    const change = t - basket.total;
    if (!typed) { changeOut.textContent = "—"; changeOut.className = ""; }
    else if (change >= 0) { changeOut.textContent = money(change); changeOut.className = ""; }
    else { changeOut.textContent = "short by " + money(-change); changeOut.className = "short"; }
    confirmCash.disabled = busy || !basket.seats.length || !typed || change < 0;
    confirmCard.disabled = busy || !basket.seats.length;
  }

  page.addEventListener("seatmap:change", (ev) => {
    // Once booked, the basket is that booking until it is paid or backed out of.
    if (sold || pending) return;
    const before = basket.seats.map((s) => s.id).join(",");
    basket = ev.detail;
    if (basket.seats.map((s) => s.id).join(",") !== before && !pending) key = null;
    if (!basket.seats.length && !pending) show(null);
    renderBasket();
    // The basket shows the server's quote (what the booking will store) once it arrives.
    const asked = basket.seats.map((s) => s.id);
    quote(showtimeId, asked).then((q) => {
      if (!q || sold || pending || basket.seats.map((s) => s.id).join(",") !== asked.join(",")) return;
      const byId = new Map(q.lines.map((l) => [l.seat_id, l]));
      basket = {
        ...basket,
        seats: basket.seats.map((s) => {
          const l = byId.get(s.id);
          return l ? { ...s, label: l.label, price: l.price, seat_type: l.seat_type } : s;
        }),
        total: q.total,
        quoted: true,
      };
      renderBasket();
    });
  });

  cashBtn.addEventListener("click", () => { typed = ""; say(""); show(cashPanel); renderTender(); });
  cardBtn.addEventListener("click", () => { say(""); show(cardPanel); renderTender(); cardRef.focus(); });
  $("tender-exact").addEventListener("click", () => { typed = String(basket.total); renderTender(); });
  for (const b of document.querySelectorAll("button[data-tender]")) {
    b.addEventListener("click", () => { typed = b.dataset.tender; renderTender(); });
  }
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

  function failed(r, what) {
    const m = r.body && r.body.message ? r.body.message : `${what} failed (HTTP ${r.status})`;
    say(r.status === 401 ? "Your session has expired: sign in again." : m);
  }

  // Back out of a payment: a booking made for it is cancelled so its seats are free again.
  for (const b of document.querySelectorAll("button[data-cancel]")) {
    b.addEventListener("click", async () => {
      say("");
      if (pending) {
        const id = pending.id;
        pending = null;
        key = null;
        await api("POST", `/api/v1/bookings/${encodeURIComponent(id)}/cancel`, {});
        if (page.seatmapReload) page.seatmapReload();
      }
      show(null);
    });
  }

  async function sell(tender) {
    if (busy || !basket.seats.length) return;
    busy = true;
    renderBasket();
    say("");
    try {
      if (!pending) {
        key = key || newKey();
        const r = await api("POST", "/api/v1/bookings", {
          showtime_id: showtimeId,
          seat_ids: basket.seats.map((s) => s.id),
          idempotency_key: key,
        });
        if (!r.ok) { failed(r, "Booking"); return; }
        pending = r.body.data;
      }
      const p = await api("POST", `/api/v1/bookings/${encodeURIComponent(pending.id)}/pay/box-office`, tender);
      if (!p.ok) { failed(p, "Payment"); return; }
      done(p.body.data);
    } catch (e) {
      say("The server could not be reached. Check the connection and confirm again.");
    } finally {
      busy = false;
      renderBasket();
    }
  }

  function done(sale) {
    sold = true;
    pending = null;
    const pay = sale.payment;
    $("done-seats").textContent = sale.booking.seats.map((s) => s.seat_label).join(", ") + " · " + money(sale.booking.total);
    $("change-due").textContent = pay.method === "CASH" ? money(pay.change_due || 0) : "Card " + (pay.card_reference || "");
    show(donePanel);
    frame.src = `/kiosk/bookings/${encodeURIComponent(sale.booking.id)}/print`;
    $("next-customer").focus();
  }

  confirmCash.addEventListener("click", () => sell({ method: "CASH", tendered: tendered() }));
  confirmCard.addEventListener("click", () => {
    const ref = cardRef.value.trim();
    if (!ref) { say("reference: enter the card terminal's reference"); cardRef.focus(); return; }
    sell({ method: "CARD", reference: ref });
  });
  cardRef.addEventListener("keydown", (ev) => { if (ev.key === "Enter") confirmCard.click(); });
  $("print-again").addEventListener("click", () => { if (frame.contentWindow) frame.contentWindow.print(); });
  $("next-customer").addEventListener("click", () => { window.location.assign("/kiosk"); });

  renderBasket();
})();
