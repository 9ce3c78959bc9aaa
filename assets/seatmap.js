// The live seat map: draws the hall from GET /api/v1/showtimes/{id}/seats, then follows
// /ws (join → snapshot → seat_held / seat_released / seat_expired / seat_booked). On a
// reconnect, a `resync` or a gap in `seq` it re-reads the map and joins again.
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

  const TYPE_NAMES = window.SEAT_TYPE_NAMES || {};
  const seats = new Map(); // id → { data, el }
  let seq = 0;
  let ws = null;
  let joined = false;
  let retry = 0;
  let expiresAt = null; // ms, server clock
  let timer = null;
  let loading = null;

  function say(text, kind) {
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
    if (d.mine) return base + ", " + t("js-seatmap-state-mine");
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
  };
  function errorText(code) {
    return t(ERROR_KEYS[code] || "js-error-generic");
  }

  function paint(entry) {
    const d = entry.data, el = entry.el;
    el.className = "seat type-" + d.seat_type + " " + (d.mine ? "mine" : d.status.toLowerCase());
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
  // hall is wider than the smallest usable seats.
  function fit() {
    const cols = Number(hall.dataset.cols || 0);
    if (!cols) return;
    const avail = hall.parentElement.clientWidth - 40; // minus the row letters
    const gap = avail > 900 ? 8 : avail > 500 ? 6 : 3;
    // Never under 32 px (a fingertip): a wide hall scrolls inside its own box instead.
    const size = Math.max(32, Math.min(56, Math.floor(avail / cols) - gap));
    hall.style.setProperty("--seat", size + "px");
    hall.style.gap = gap + "px";
  }
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
    totalEl.textContent = formatVnd(total);
    if (!mine.length) expiresAt = null;
    tick();
    // The page around the map (checkout button, kiosk basket) follows the selection.
    page.dispatchEvent(new CustomEvent("seatmap:change", {
      detail: { showtimeId, seats: mine.map((d) => ({ id: d.id, label: d.label, price: d.price, seat_type: d.seat_type })), total, expiresAt },
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
      entry.data.mine = mine;
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
          say(t(res.status === 401 ? "js-seatmap-session-expired" : "js-seatmap-load-failed"));
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
    summarize();
  }

  function onEvent(m) {
    if (m.seq <= seq) return; // already included
    if (m.seq !== seq + 1) { resync(); return; } // missed something
    seq = m.seq;
    switch (m.type) {
      case "seat_held":
        if (m.mine && m.expires_at) expiresAt = Date.parse(m.expires_at);
        setSeats(m.seat_ids, "HELD", m.mine);
        if (m.mine) say("");
        break;
      case "seat_released":
        setSeats(m.seat_ids, "AVAILABLE", false);
        break;
      case "seat_expired":
        setSeats(m.seat_ids, "AVAILABLE", false);
        if (m.mine) say(t("js-seatmap-hold-ran-out"), "info");
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
        unbusy(m.seat_id);
        say(t("js-seatmap-limit", { limit: m.limit }));
        break;
      case "error":
        unbusy(m.seat_id);
        say(errorText(m.code));
        break;
      case "resync": resync(); break;
    }
  }

  function unbusy(id) {
    const entry = id && seats.get(id);
    if (entry) entry.el.classList.remove("busy");
  }

  function connect() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    ws = new WebSocket(`${proto}//${location.host}/ws`);
    ws.addEventListener("open", () => { retry = 0; resync(); });
    ws.addEventListener("message", onMessage);
    ws.addEventListener("close", () => {
      joined = false;
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
    const d = entry.data;
    if (!d.mine && d.status !== "AVAILABLE") { say(refusal(d)); return; }
    if (!signedIn) { say(t("js-seatmap-sign-in")); return; }
    if (!onSale) { say(t("js-seatmap-not-on-sale")); return; }
    if (!joined) { say(t("js-seatmap-reconnecting")); return; }
    const type = d.mine ? "release_seat" : "hold_seat";
    say("");
    if (send({ type, showtime_id: showtimeId, seat_id: d.id })) el.classList.add("busy");
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

  setLive(t("js-seatmap-connecting"), false);
  load().then(connect);
})();
