// The live seat map: draws the hall from GET /api/v1/showtimes/{id}/seats, then follows
// /ws (join → snapshot → seat_held / seat_released / seat_expired / seat_booked). On a
// reconnect, a `resync` or a gap in `seq` it re-reads the map and joins again.
// Seats this page asked for are its own (kept per tab in sessionStorage); seats the same
// account holds from another tab or device show apart, and Continue asks before booking
// them. After a lost connection the page holds its own seats again and says which were lost.
"use strict";

(function () {
  const page = document.getElementById("seatmap-page");
  if (!page) return;
  const showtimeId = page.dataset.showtime;
  const signedIn = page.dataset.signedIn === "true";
  const onSale = page.dataset.onSale === "true";
  // Server clock minus browser clock, so hold countdowns use the server's time.
  const skew = Number(page.dataset.serverNow) - Date.now();
  const hall = document.getElementById("hall");
  const live = document.getElementById("live-status");
  const msg = document.getElementById("seat-message");
  const selectedEl = document.getElementById("selected-seats");
  const totalEl = document.getElementById("total");
  const countdownEl = document.getElementById("countdown");
  const otherEl = document.getElementById("other-window"); // not on the box office page

  const TYPE_NAMES = window.SEAT_TYPE_NAMES || {};
  const seats = new Map(); // id → { data, el }
  let seq = 0;
  let ws = null;
  let joined = false;
  let retry = 0;
  let expiresAt = null; // ms, server clock
  let timer = null;
  let loading = null;
  let dropped = false; // the socket closed since the last snapshot
  let stale = false; // the message shown is about the connection

  // Seats this page asked for (the rest of the account's holds come from another window).
  const ownKey = "seatmap-own:" + showtimeId;
  const own = new Set(readOwn());
  const asking = new Set(); // hold_seat sent, not yet answered
  const reholding = new Set(); // asked again after a reconnect
  function readOwn() {
    try { return JSON.parse(sessionStorage.getItem(ownKey) || "[]"); } catch (e) { return []; }
  }
  function saveOwn() {
    try { sessionStorage.setItem(ownKey, JSON.stringify([...own])); } catch (e) { /* private mode */ }
  }
  const elsewhere = (d) => d.mine && !own.has(d.id) && !asking.has(d.id);

  function say(text, kind, aboutConnection) {
    stale = Boolean(text && aboutConnection);
    if (!text) { msg.hidden = true; msg.textContent = ""; return; }
    msg.hidden = false;
    msg.className = "message" + (kind ? " " + kind : "");
    msg.textContent = text;
  }

  function setLive(text, ok) {
    live.textContent = text;
    live.className = "live " + (ok ? "ok" : "down");
  }

  function label(d) {
    const base = t("js-seatmap-seat", { row: d.row, number: d.number, type: TYPE_NAMES[d.seat_type] || d.seat_type, price: formatVnd(d.price) });
    if (d.mine) return base + ", " + t(elsewhere(d) ? "js-seatmap-state-other-window" : "js-seatmap-state-mine");
    switch (d.status) {
      case "AVAILABLE": return base;
      case "HELD": return base + ", " + t("js-seatmap-state-held");
      case "SOLD": case "PENDING": return base + ", " + t("js-seatmap-state-sold");
      default: return base + ", " + t("js-seatmap-state-off");
    }
  }

  // Why a seat that is not free cannot be taken, in words (its colour alone does not say).
  function refusal(d) {
    switch (d.status) {
      case "HELD": return t("js-seatmap-err-seat_taken");
      case "SOLD": case "PENDING": return t("js-seatmap-err-seat_sold");
      default: return t("js-seatmap-err-seat_out_of_order");
    }
  }

  // A hold refused over /ws: its code in words (never the server's English message).
  const ERROR_KEYS = {
    seat_taken: "js-seatmap-err-seat_taken", seat_sold: "js-seatmap-err-seat_sold",
    seat_out_of_order: "js-seatmap-err-seat_out_of_order",
    couple_partner_unavailable: "js-seatmap-err-couple_partner_unavailable",
    box_office_only: "js-seatmap-err-box_office_only", not_held: "js-seatmap-err-not_held",
    forbidden: "js-seatmap-err-forbidden", unknown_seat: "js-seatmap-err-unknown_seat",
    unknown_showtime: "js-seatmap-err-unknown_seat", not_on_sale: "js-seatmap-not-on-sale",
    auth_required: "js-seatmap-sign-in", not_joined: "js-seatmap-reconnecting",
    sales_closed: "js-seatmap-err-sales_closed",
  };
  function errorText(code) {
    return t(ERROR_KEYS[code] || "js-error-generic");
  }

  function paint(entry) {
    const d = entry.data, el = entry.el;
    el.className = "seat type-" + d.seat_type + " " + (d.mine ? "mine" : d.status.toLowerCase());
    if (elsewhere(d)) el.classList.add("elsewhere");
    if (d.couple_with) {
      const other = seats.get(d.couple_with);
      if (other) el.classList.add(other.data.column > d.column ? "couple-left" : "couple-right");
    }
    // Not `disabled`: a tap on a taken seat still answers, in words, why it cannot be had.
    el.setAttribute("aria-disabled", !d.mine && d.status !== "AVAILABLE" ? "true" : "false");
    el.setAttribute("aria-pressed", d.mine ? "true" : "false");
    el.setAttribute("aria-label", label(d));
    el.title = label(d);
  }

  // Seats as large as the width allows (touch sized on big screens), scrolling only when a
  // hall is wider than the smallest usable seats. A hall too wide for its box at touch size
  // (a big hall on a phone) gets zoom buttons: "fit" shows it whole, + and − step the seats
  // between 32 px (a fingertip) and 64 px; a tap on the whole-hall view zooms in there.
  const TOUCH = 32, BIGGEST = 64;
  const zoomBar = document.getElementById("hall-zoom"); // not on the box office page
  let zoom = null; // null: automatic; "fit": the whole hall; a number: seat size in px
  let seatSize = 0, wholeSize = 0;
  function fit() {
    const cols = Number(hall.dataset.cols || 0);
    if (!cols) return;
    const avail = hall.parentElement.clientWidth - 40; // minus the row letters
    const gap = avail > 900 ? 8 : avail > 500 ? 6 : 3;
    const widest = Math.floor(avail / cols) - gap; // the whole hall in its box
    // Never under 32 px unless asked for the whole hall: a wide hall scrolls inside its box.
    const auto = Math.max(TOUCH, Math.min(56, widest));
    wholeSize = Math.max(8, Math.min(auto, widest));
    seatSize = zoom === "fit" ? wholeSize : typeof zoom === "number" ? Math.max(TOUCH, zoom) : auto;
    hall.style.setProperty("--seat", seatSize + "px");
    hall.style.gap = gap + "px";
    hall.classList.toggle("overview", seatSize < TOUCH);
    if (!zoomBar) return;
    zoomBar.hidden = widest >= TOUCH;
    zoomBar.querySelector("[data-zoom=in]").disabled = seatSize >= BIGGEST;
    for (const b of zoomBar.querySelectorAll("[data-zoom=out], [data-zoom=fit]")) b.disabled = seatSize <= wholeSize;
  }

  function zoomTo(next, seatEl) {
    const wrap = hall.parentElement;
    const centre = (wrap.scrollLeft + wrap.clientWidth / 2) / Math.max(1, wrap.scrollWidth);
    zoom = next;
    fit();
    if (seatEl) seatEl.scrollIntoView({ block: "nearest", inline: "center" });
    else wrap.scrollLeft = centre * wrap.scrollWidth - wrap.clientWidth / 2;
  }

  if (zoomBar) zoomBar.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-zoom]");
    if (!b) return;
    const step = b.dataset.zoom;
    if (step === "fit") zoomTo("fit");
    else if (step === "in") zoomTo(seatSize < TOUCH ? TOUCH : Math.min(BIGGEST, seatSize + 8));
    else zoomTo(seatSize > TOUCH ? Math.max(TOUCH, seatSize - 8) : "fit");
  });
  new ResizeObserver(fit).observe(hall.parentElement);

  function draw(map) {
    const focusedId = document.activeElement && document.activeElement.dataset.seat;
    seats.clear();
    hall.replaceChildren();
    hall.style.gridTemplateColumns = `1.6em repeat(${map.grid_columns}, var(--seat))`;
    hall.dataset.cols = String(map.grid_columns);
    fit();
    map.rows.forEach((row, r) => {
      const lab = document.createElement("span");
      lab.className = "row-label";
      lab.textContent = row.row;
      lab.style.gridRow = String(r + 1);
      lab.style.gridColumn = "1";
      lab.setAttribute("aria-hidden", "true");
      hall.appendChild(lab);
      for (const d of row.seats) {
        const el = document.createElement("button");
        el.type = "button";
        el.dataset.seat = d.id;
        el.dataset.row = String(r);
        el.textContent = String(d.number);
        el.style.gridRow = String(r + 1);
        el.style.gridColumn = String(d.column + 2);
        hall.appendChild(el);
        seats.set(d.id, { data: d, el });
      }
    });
    for (const entry of seats.values()) paint(entry);
    if (focusedId && seats.has(focusedId)) seats.get(focusedId).el.focus();
    summarize();
  }

  function summarize() {
    const mine = [...seats.values()].filter((s) => s.data.mine).map((s) => s.data);
    mine.sort((a, b) => a.row.localeCompare(b.row) || a.number - b.number);
    const total = mine.reduce((sum, d) => sum + d.price, 0);
    selectedEl.textContent = mine.length ? t("js-seatmap-selected", { seats: mine.map((d) => d.label).join(", ") }) : t("js-seatmap-none");
    const foreign = mine.filter(elsewhere);
    if (otherEl) {
      otherEl.hidden = !foreign.length;
      otherEl.textContent = foreign.length ? t(foreign.length === 1 ? "js-seatmap-other-window" : "js-seatmap-other-window-many", { seats: foreign.map((d) => d.label).join(", ") }) : "";
    }
    totalEl.textContent = formatVnd(total);
    if (!mine.length) expiresAt = null;
    tick();
    // The page around the map (checkout button, kiosk basket) follows the selection.
    page.dispatchEvent(new CustomEvent("seatmap:change", {
      detail: {
        showtimeId, total, expiresAt,
        seats: mine.map((d) => ({ id: d.id, label: d.label, price: d.price, seat_type: d.seat_type })),
        foreign: foreign.map((d) => ({ id: d.id, label: d.label })),
      },
    }));
  }

  function tick() {
    clearTimeout(timer);
    if (expiresAt === null) { countdownEl.hidden = true; return; }
    const left = Math.max(0, Math.round((expiresAt - (Date.now() + skew)) / 1000));
    countdownEl.hidden = false;
    countdownEl.textContent = t("js-seatmap-held-for", { time: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}` });
    if (left > 0) timer = setTimeout(tick, 1000);
  }

  function setSeats(ids, status, mine) {
    for (const id of ids) {
      const entry = seats.get(id);
      if (!entry) continue;
      entry.data.status = status;
      // A seat booked from another window leaves this page's selection.
      entry.data.mine = mine && (status !== "SOLD" || own.has(id));
      entry.el.classList.remove("busy");
      paint(entry);
    }
    summarize();
  }

  async function load() {
    if (loading) return loading;
    loading = (async () => {
      try {
        const res = await fetch(`/api/v1/showtimes/${encodeURIComponent(showtimeId)}/seats`, { credentials: "same-origin", cache: "no-store" });
        const body = await res.json();
        if (!res.ok) {
          say(t(res.status === 401 ? "js-seatmap-session-expired" : "js-seatmap-load-failed"), "", true);
          return false;
        }
        seq = body.data.seq;
        draw(body.data);
        return true;
      } catch (e) {
        setLive(t("js-offline"), false);
        return false;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  function send(obj) {
    if (ws && ws.readyState === WebSocket.OPEN) { ws.send(JSON.stringify(obj)); return true; }
    return false;
  }

  async function resync() {
    joined = false;
    if (await load()) send({ type: "join", showtime_id: showtimeId });
  }

  function onSnapshot(m) {
    // The snapshot is the whole holds overlay as of m.seq.
    const held = new Map(m.seats.map((s) => [s.seat_id, s]));
    for (const entry of seats.values()) {
      const d = entry.data;
      const h = held.get(d.id);
      if (h) { d.status = "HELD"; d.mine = h.mine; if (h.mine && h.expires_at) expiresAt = Date.parse(h.expires_at); }
      else if (d.status === "HELD") { d.status = "AVAILABLE"; d.mine = false; }
      entry.el.classList.remove("busy");
      paint(entry);
    }
    seq = m.seq;
    joined = true;
    setLive(t("js-seatmap-live"), true);
    const reconnected = dropped;
    dropped = false;
    // Live again: what was said about the connection (or before it dropped) is stale.
    if (reconnected || stale) say("");
    reclaim(reconnected);
    summarize();
  }

  // This page's seats after a (re)join: still mine, free again (held anew after a lost
  // connection) or taken by someone else meanwhile (said in words).
  function reclaim(reconnected) {
    const lost = [];
    asking.clear();
    reholding.clear();
    for (const id of [...own]) {
      const entry = seats.get(id);
      const d = entry && entry.data;
      if (d && d.mine) continue;
      if (d && reconnected && d.status === "AVAILABLE") {
        const partner = d.couple_with && seats.get(d.couple_with);
        if (!(partner && reholding.has(partner.data.id))) reholding.add(id);
        continue;
      }
      own.delete(id);
      if (d && reconnected) lost.push(d);
    }
    for (const id of reholding) {
      asking.add(id);
      if (!send({ type: "hold_seat", showtime_id: showtimeId, seat_id: id })) asking.delete(id);
    }
    saveOwn();
    sayLost(lost);
  }

  const lostSeats = [];
  function sayLost(more) {
    if (!more.length) return;
    lostSeats.push(...more);
    lostSeats.sort((a, b) => a.row.localeCompare(b.row) || a.number - b.number);
    say(t("js-seatmap-lost", { seats: lostSeats.map((d) => d.label).join(", ") }));
  }

  function onEvent(m) {
    if (m.seq <= seq) return; // already included
    if (m.seq !== seq + 1) { resync(); return; } // missed something
    seq = m.seq;
    switch (m.type) {
      case "seat_held": {
        if (m.mine && m.expires_at) expiresAt = Date.parse(m.expires_at);
        // Mine and asked for here (a couple pair answers for both seats): this page's own.
        const asked = m.mine && m.seat_ids.some((id) => asking.has(id));
        const again = m.seat_ids.some((id) => reholding.has(id));
        for (const id of m.seat_ids) { asking.delete(id); reholding.delete(id); if (asked) own.add(id); }
        saveOwn();
        setSeats(m.seat_ids, "HELD", m.mine);
        if (asked && !again && !lostSeats.length) say("");
        break;
      }
      case "seat_released": case "seat_expired":
        for (const id of m.seat_ids) own.delete(id);
        saveOwn();
        setSeats(m.seat_ids, "AVAILABLE", false);
        if (m.type === "seat_expired" && m.mine) say(t("js-seatmap-hold-ran-out"), "info");
        break;
      case "seat_booked":
        setSeats(m.seat_ids, "SOLD", m.mine);
        break;
    }
  }

  function onMessage(ev) {
    let m;
    try { m = JSON.parse(ev.data); } catch (e) { return; }
    switch (m.type) {
      case "snapshot": onSnapshot(m); break;
      case "seat_held": case "seat_released": case "seat_expired": case "seat_booked": onEvent(m); break;
      case "limit_reached":
        if (refusedAgain(m.seat_id)) break;
        unbusy(m.seat_id);
        say(t("js-seatmap-limit", { limit: m.limit }));
        break;
      case "error":
        if (refusedAgain(m.seat_id)) break;
        unbusy(m.seat_id);
        say(errorText(m.code), "", m.code === "not_joined");
        break;
      case "resync": resync(); break;
    }
  }

  // A seat held anew after a reconnect that someone took in between: lost, in words.
  function refusedAgain(id) {
    asking.delete(id);
    if (!id || !reholding.delete(id)) return false;
    own.delete(id);
    const entry = seats.get(id);
    if (entry && entry.data.couple_with) own.delete(entry.data.couple_with);
    saveOwn();
    if (entry) sayLost([entry.data]);
    return true;
  }

  function unbusy(id) {
    const entry = id && seats.get(id);
    if (entry) entry.el.classList.remove("busy");
  }

  function connect() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    ws = new WebSocket(`${proto}//${location.host}/ws`);
    window.__seatmapSocket = ws; // lets the browser tests drop the connection
    ws.addEventListener("open", () => { retry = 0; resync(); });
    ws.addEventListener("message", onMessage);
    ws.addEventListener("close", () => {
      joined = false;
      dropped = true;
      setLive(t("js-seatmap-connection-lost"), false);
      const delay = Math.min(10000, 500 * 2 ** retry++);
      setTimeout(connect, delay);
    });
  }

  hall.addEventListener("click", (ev) => {
    const el = ev.target.closest("button.seat");
    if (!el) return;
    const entry = seats.get(el.dataset.seat);
    if (!entry) return;
    // On the whole-hall view seats are too small to aim at: a tap zooms in there first.
    if (seatSize < TOUCH) { zoomTo(TOUCH, el); el.focus(); return; }
    const d = entry.data;
    if (!d.mine && d.status !== "AVAILABLE") { say(refusal(d)); return; }
    if (!signedIn) { say(t("js-seatmap-sign-in")); return; }
    if (!onSale) { say(t("js-seatmap-not-on-sale")); return; }
    if (!joined) { say(t("js-seatmap-reconnecting"), "", true); return; }
    const type = d.mine ? "release_seat" : "hold_seat";
    say("");
    lostSeats.length = 0;
    if (send({ type, showtime_id: showtimeId, seat_id: d.id })) {
      el.classList.add("busy");
      if (!d.mine) asking.add(d.id);
    }
  });

  // Arrow keys move between seats (left/right in the row, up/down to the nearest column).
  hall.addEventListener("keydown", (ev) => {
    const el = ev.target.closest("button.seat");
    if (!el || !["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(ev.key)) return;
    const here = seats.get(el.dataset.seat).data;
    const row = Number(el.dataset.row);
    const all = [...seats.values()];
    let candidates;
    if (ev.key === "ArrowLeft" || ev.key === "ArrowRight") {
      const right = ev.key === "ArrowRight";
      candidates = all.filter((s) => Number(s.el.dataset.row) === row && (right ? s.data.column > here.column : s.data.column < here.column));
      candidates.sort((a, b) => Math.abs(a.data.column - here.column) - Math.abs(b.data.column - here.column));
    } else {
      const target = row + (ev.key === "ArrowDown" ? 1 : -1);
      candidates = all.filter((s) => Number(s.el.dataset.row) === target);
      candidates.sort((a, b) => Math.abs(a.data.column - here.column) - Math.abs(b.data.column - here.column));
    }
    const next = candidates.find((s) => s.el.getAttribute("aria-disabled") !== "true");
    if (next) { next.el.focus(); ev.preventDefault(); }
  });

  // Other scripts on the page may ask for a fresh read (e.g. after a sale).
  page.seatmapReload = resync;
  // Checkout lets go of seats held in another window the user chose not to book.
  page.seatmapRelease = (ids) => {
    const done = new Set();
    for (const id of ids) {
      const entry = seats.get(id);
      if (!entry || !entry.data.mine || done.has(id)) continue;
      done.add(id);
      if (entry.data.couple_with) done.add(entry.data.couple_with);
      if (send({ type: "release_seat", showtime_id: showtimeId, seat_id: id })) entry.el.classList.add("busy");
    }
  };

  setLive(t("js-seatmap-connecting"), false);
  load().then(connect);
})();
