// The door scanner (/scan): read a ticket QR with the camera (the browser's BarcodeDetector,
// else the bundled jsQR, loaded only then) or take a typed code, check it in with
// POST /api/v1/checkin and show the answer full screen, with a beep and a vibration.
// Every scan gets a fresh nonce; a retry after a network error resends the same request
// (same nonce), so the server answers it once and a ticket is never counted twice.
"use strict";

(function () {
  const app = document.getElementById("scan-app");
  if (!app) return;
  const $ = (id) => document.getElementById(id);

  const DOOR_KEY = "moviehub.scan.door";
  const OK_MS = 3500; // an admitted guest walks on quickly
  const REFUSED_MS = 8000; // a refusal stays long enough to read out
  const SAME_QR_MS = 2500; // the same QR still in view is not scanned again
  const FRAME_MS = 120; // camera frames checked about 8 times a second
  const MAX_FRAME_SIDE = 800; // jsQR works on a scaled-down copy of the frame

  const timeZone = app.dataset.timezone || "Asia/Ho_Chi_Minh";
  const fallbackOffset = Number(app.dataset.utcOffset) || 0;
  const clockSkew = (Number(app.dataset.serverNow) || Date.now()) - Date.now();

  const doorForm = $("door-form"), doorInput = $("door-input"), doorLine = $("door-line");
  const doorLabel = $("door-label"), doorChange = $("door-change"), fullBtn = $("fullscreen");
  const box = $("camera-box"), video = $("camera"), camStatus = $("camera-status");
  const camStart = $("camera-start");
  const manualForm = $("manual-form"), manualInput = $("manual-code");
  const manualError = $("manual-error"), manualSubmit = $("manual-submit");
  const result = $("result"), resTitle = $("result-title"), resSeat = $("result-seat");
  const resDetail = $("result-detail"), resHint = $("result-hint"), resRetry = $("result-retry");

  // ---- Door: chosen once per device ----
  function loadDoor() {
    try { return localStorage.getItem(DOOR_KEY) || ""; } catch (_) { return ""; }
  }
  function saveDoor(value) {
    try { localStorage.setItem(DOOR_KEY, value); } catch (_) { /* private mode: kept for this visit */ }
  }
  let door = loadDoor();

  function showDoor() {
    const chosen = door !== "";
    doorForm.hidden = chosen;
    doorLine.hidden = !chosen;
    doorLabel.textContent = chosen ? t("js-scan-door", { door }) : "";
    if (!chosen) doorInput.value = "";
    if (chosen && camera.live) setStatus(t("js-scan-point"));
    else if (!chosen && camera.live) setStatus(t("js-scan-choose-door"));
  }

  /** "2" → "cửa 2" / "door 2"; a name is used as it is. */
  function doorText(d) {
    return /^\d+$/.test(d) ? t("js-scan-door-number", { door: d }) : d;
  }

  doorForm.addEventListener("submit", (e) => {
    e.preventDefault();
    unlockAudio();
    const value = doorInput.value.trim().slice(0, 40);
    if (!value) { doorInput.focus(); return; }
    door = value;
    saveDoor(door);
    showDoor();
    if (!camera.live && !camera.off) startCamera();
  });
  doorChange.addEventListener("click", () => {
    door = "";
    showDoor();
    doorInput.focus();
  });

  // ---- Which showtime the door admits (for this visit: shows change through the day) ----
  const SHOW_KEY = "moviehub.scan.showtime";
  const showSelect = $("showtime-select");
  try {
    const saved = sessionStorage.getItem(SHOW_KEY) || "";
    if (Array.from(showSelect.options).some((o) => o.value === saved)) showSelect.value = saved;
  } catch (_) { /* not stored */ }
  showSelect.addEventListener("change", () => {
    try { sessionStorage.setItem(SHOW_KEY, showSelect.value); } catch (_) { /* not stored */ }
  });

  // ---- Full screen ----
  const root = document.documentElement;
  if (root.requestFullscreen && document.fullscreenEnabled) {
    fullBtn.hidden = false;
    fullBtn.addEventListener("click", () => {
      unlockAudio();
      const p = document.fullscreenElement ? document.exitFullscreen() : root.requestFullscreen();
      if (p && p.catch) p.catch(() => {});
    });
    document.addEventListener("fullscreenchange", () => {
      fullBtn.textContent = t(document.fullscreenElement ? "js-scan-exit-fullscreen" : "js-scan-fullscreen");
    });
  }

  // ---- Times, in the cinema's time zone ----
  function localParts(date) {
    const two = (n) => String(n).padStart(2, "0");
    try {
      const f = new Intl.DateTimeFormat("en-GB", {
        timeZone, hourCycle: "h23", hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit",
      });
      const p = {};
      for (const part of f.formatToParts(date)) p[part.type] = part.value;
      return { hm: p.hour + ":" + p.minute, dm: p.day + "/" + p.month };
    } catch (_) {
      // No time-zone data in this browser: the cinema's offset as the server sent it.
      const l = new Date(date.getTime() + fallbackOffset * 60000);
      return {
        hm: two(l.getUTCHours()) + ":" + two(l.getUTCMinutes()),
        dm: two(l.getUTCDate()) + "/" + two(l.getUTCMonth() + 1),
      };
    }
  }
  /** "19:02" in the cinema's time. */
  function hhmm(iso) {
    const d = new Date(iso);
    return isNaN(d) ? "" : localParts(d).hm;
  }
  /** "19:02" today, "24/11 19:02" on another day. */
  function when(iso) {
    const d = new Date(iso);
    if (isNaN(d)) return "";
    const p = localParts(d);
    const today = localParts(new Date(Date.now() + clockSkew));
    return p.dm === today.dm ? p.hm : p.dm + " " + p.hm;
  }

  // ---- Sound and vibration ----
  let audio = null;
  /** Audio may only start from a tap: make (or resume) it on the first one. */
  function unlockAudio() {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    try {
      if (!audio) audio = new Ctx();
      if (audio.state === "suspended") audio.resume().catch(() => {});
    } catch (_) {
      audio = null;
    }
  }
  document.addEventListener("pointerdown", unlockAudio, { once: true });
  document.addEventListener("keydown", unlockAudio, { once: true });

  function beep(ok) {
    if (!audio || audio.state !== "running") return;
    // High single tone to admit; two low buzzes to refuse.
    const tones = ok ? [[1480, 0, 0.16]] : [[196, 0, 0.2], [196, 0.28, 0.3]];
    const start = audio.currentTime + 0.01;
    for (const [freq, at, length] of tones) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = ok ? "sine" : "square";
      osc.frequency.value = freq;
      const t0 = start + at;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(ok ? 0.4 : 0.2, t0 + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + length);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0);
      osc.stop(t0 + length + 0.02);
    }
  }
  function buzz(ok) {
    if (typeof navigator.vibrate !== "function") return;
    try { navigator.vibrate(ok ? 120 : [90, 60, 90, 60, 260]); } catch (_) { /* not allowed here */ }
  }

  // ---- The answer, full screen ----
  let dismissTimer = 0;
  let lastWasManual = false;

  function show(kind, title, seat, detail, ms) {
    clearTimeout(dismissTimer);
    result.className = "result " + kind;
    resTitle.textContent = title;
    resSeat.textContent = seat ? t("js-scan-seat", { seat }) : "";
    resDetail.textContent = detail || "";
    resRetry.hidden = kind !== "offline";
    resHint.textContent = t(kind === "offline" ? "js-scan-cancel-hint" : "js-scan-next");
    result.hidden = false;
    app.dataset.result = kind;
    result.focus({ preventScroll: true });
    if (ms) dismissTimer = setTimeout(dismiss, ms);
  }

  function dismiss() {
    clearTimeout(dismissTimer);
    if (result.hidden) return;
    result.hidden = true;
    pending = null;
    camera.quietUntil = Date.now() + SAME_QR_MS;
    if (lastWasManual) manualInput.focus();
  }

  result.addEventListener("click", dismiss);
  resRetry.addEventListener("click", (e) => {
    e.stopPropagation();
    if (pending) send(pending);
  });
  document.addEventListener("keydown", (e) => {
    if (!result.hidden && (e.key === "Escape" || e.key === "Enter" || e.key === " ")) {
      if (document.activeElement === resRetry) return;
      e.preventDefault();
      dismiss();
    }
  });

  /** Turn the check-in API's answer into the screen the usher sees. */
  function showAnswer(a) {
    const ok = a.result === "ok";
    beep(ok);
    buzz(ok);
    switch (a.result) {
      case "ok":
        if (lastWasManual) manualInput.value = "";
        return show("ok", t("js-scan-ok"), a.seat, a.movie + "\n" + a.hall + " · " + when(a.starts_at), OK_MS);
      case "already_used": {
        const time = a.used_at ? hhmm(a.used_at) : "";
        const by = a.door ? doorText(a.door) : "";
        const key = time ? (by ? "js-scan-used-at-by" : "js-scan-used-at") : (by ? "js-scan-used-by" : "js-scan-used");
        return show("refused", t(key, { time, door: by }), a.seat, "", REFUSED_MS);
      }
      case "wrong_showtime":
        return show("refused", t("js-scan-wrong-show", { movie: a.movie, time: when(a.starts_at) }),
          a.seat, a.hall, REFUSED_MS);
      case "too_early":
        return show("refused", t("js-scan-too-early", { time: when(a.opens_at) }), a.seat || "",
          t("js-scan-starts", { time: when(a.starts_at) }), REFUSED_MS);
      case "cancelled":
        return show("refused", t("js-scan-cancelled"), "", t("js-scan-cancelled-detail"), REFUSED_MS);
      case "invalid_signature":
        return show("refused", t("js-scan-forged"), "", t("js-scan-forged-detail"), REFUSED_MS);
      case "not_found":
        return show("refused", t("js-scan-unknown"), "", t("js-scan-unknown-detail"), REFUSED_MS);
      default:
        return show("refused", t("js-scan-refused"), "", t("js-scan-unexpected", { result: String(a.result) }), REFUSED_MS);
    }
  }

  // ---- Check-in requests ----
  let pending = null; // the request sent last, kept until answered (a retry reuses its nonce)
  let busy = false;

  function newNonce() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    // Plain http on the cinema's LAN has no randomUUID: a v4 UUID from getRandomValues.
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /** Check in what was presented: `{qr_payload}` or `{code}`. */
  function checkIn(presented, manual) {
    if (busy) return;
    lastWasManual = manual;
    const body = Object.assign({}, presented, { nonce: newNonce() });
    if (door) body.door = door;
    if (showSelect.value) body.showtime_id = showSelect.value;
    send(body);
  }

  function setBusy(on) {
    busy = on;
    manualSubmit.disabled = on;
    manualSubmit.textContent = t(on ? "js-scan-checking" : "js-scan-check-in");
  }

  async function send(body) {
    pending = body;
    setBusy(true);
    let res = null;
    let json = null;
    try {
      res = await fetch("/api/v1/checkin", {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
      json = await res.json();
    } catch (_) {
      json = null;
    }
    setBusy(false);
    if (res && res.ok && json && json.data) {
      pending = null;
      showAnswer(json.data);
      return;
    }
    if (!res || !json || res.status >= 500) {
      // Not known whether it was recorded: offer the same request (same nonce) again.
      const why = res ? t("js-scan-server-answered", { status: res.status }) : t("js-scan-offline");
      show("offline", t("js-scan-not-checked"), "", why + " " + t("js-scan-resend"), 0);
      return;
    }
    pending = null;
    if (res.status === 401) {
      window.location.assign("/login?next=/scan");
      return;
    }
    fieldError(refusal(res.status, typeof json.message === "string" ? json.message : ""));
  }

  /** A refused request in words: the API's English message only tells which field failed. */
  function refusal(status, message) {
    if (status === 403) return t("js-scan-forbidden");
    if (status === 429) return t("js-scan-too-many");
    if (status === 422 || status === 400) {
      if (/^qr_payload\b/.test(message)) return t("js-scan-bad-qr");
      if (/^code\b/.test(message)) return t("js-scan-bad-code");
    }
    return t("js-error-generic");
  }

  function fieldError(text) {
    manualError.textContent = text;
    manualError.hidden = false;
    manualInput.setAttribute("aria-invalid", "true");
    if (lastWasManual) manualInput.focus();
    else setStatus(text);
  }
  function clearFieldError() {
    manualError.hidden = true;
    manualError.textContent = "";
    manualInput.removeAttribute("aria-invalid");
  }

  manualForm.addEventListener("submit", (e) => {
    e.preventDefault();
    unlockAudio();
    const text = manualInput.value.trim();
    if (!door) {
      doorInput.focus();
      fieldError(t("js-scan-choose-door"));
      return;
    }
    if (!text) {
      fieldError(t("js-scan-type-code"));
      return;
    }
    clearFieldError();
    checkIn(/^MH1\./i.test(text) ? { qr_payload: text } : { code: text }, true);
  });
  manualInput.addEventListener("input", clearFieldError);

  // ---- Camera ----
  const camera = { live: false, off: false, stream: null, decode: null, quietUntil: 0, last: "" };

  function setStatus(text) {
    camStatus.textContent = text;
  }

  /** No camera: say why; typing the code still works. */
  function cameraOff(text, canRetry) {
    camera.live = false;
    camera.off = true;
    box.classList.remove("live");
    video.classList.remove("live");
    box.classList.add("off");
    setStatus(text);
    camStart.hidden = !canRetry;
  }

  async function startCamera() {
    camStart.hidden = true;
    box.classList.remove("off");
    camera.off = false;
    const media = navigator.mediaDevices;
    if (!media || typeof media.getUserMedia !== "function") {
      cameraOff(t(window.isSecureContext ? "js-scan-no-camera-api" : "js-scan-needs-https"), false);
      return;
    }
    setStatus(t("js-scan-starting"));
    try {
      camera.stream = await media.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
    } catch (e) {
      const name = e && e.name;
      if (name === "NotAllowedError" || name === "SecurityError") {
        cameraOff(t("js-scan-denied"), true);
      } else if (name === "NotFoundError" || name === "OverconstrainedError") {
        cameraOff(t("js-scan-no-camera"), true);
      } else if (name === "NotReadableError" || name === "AbortError") {
        cameraOff(t("js-scan-camera-busy"), true);
      } else {
        cameraOff(t("js-scan-camera-failed"), true);
      }
      return;
    }
    video.srcObject = camera.stream;
    try {
      await video.play();
    } catch (_) {
      stopStream();
      cameraOff(t("js-scan-tap-start"), true);
      return;
    }
    camera.decode = camera.decode || (await makeDecoder());
    if (!camera.decode) {
      stopStream();
      cameraOff(t("js-scan-no-qr"), false);
      return;
    }
    camera.live = true;
    box.classList.add("live");
    video.classList.add("live");
    setStatus(t(door ? "js-scan-point" : "js-scan-choose-door"));
    keepAwake();
    setTimeout(frame, FRAME_MS);
  }

  function stopStream() {
    if (camera.stream) for (const t of camera.stream.getTracks()) t.stop();
    camera.stream = null;
    video.srcObject = null;
    camera.live = false;
    box.classList.remove("live");
    video.classList.remove("live");
  }

  /** A function reading one QR text from the current video frame, or null if none can. */
  async function makeDecoder() {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) {
          const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          app.dataset.decoder = "BarcodeDetector";
          return async () => {
            const found = await detector.detect(video);
            return found.length ? found[0].rawValue : null;
          };
        }
      } catch (_) { /* fall back to jsQR */ }
    }
    if (!(await loadJsQR())) return null;
    app.dataset.decoder = "jsQR";
    const canvas = document.createElement("canvas");
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    return async () => {
      const w = video.videoWidth, h = video.videoHeight;
      if (!w || !h) return null;
      const scale = Math.min(1, MAX_FRAME_SIDE / Math.max(w, h));
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" });
      return found && found.data ? found.data : null;
    };
  }

  function loadJsQR() {
    if (typeof window.jsQR === "function") return Promise.resolve(true);
    return new Promise((resolve) => {
      const s = document.createElement("script");
      s.src = app.dataset.jsqr;
      s.onload = () => resolve(typeof window.jsQR === "function");
      s.onerror = () => resolve(false);
      document.head.appendChild(s);
    });
  }

  async function frame() {
    if (!camera.live) return;
    if (door && !busy && result.hidden && document.visibilityState === "visible") {
      let text = null;
      try {
        text = await camera.decode();
      } catch (_) {
        text = null; // a frame that could not be read
      }
      if (text) scanned(text.trim());
    }
    setTimeout(frame, FRAME_MS);
  }

  function scanned(text) {
    if (!text) return;
    if (text === camera.last && Date.now() < camera.quietUntil) {
      camera.quietUntil = Date.now() + SAME_QR_MS; // still in view: wait until it is taken away
      return;
    }
    camera.last = text;
    camera.quietUntil = Date.now() + SAME_QR_MS;
    const isCode = /^[0-9A-Za-z]{4}(-?[0-9A-Za-z]{4}){6}$/.test(text);
    checkIn(isCode ? { code: text } : { qr_payload: text }, false);
  }

  let wakeLock = null;
  function keepAwake() {
    if (!navigator.wakeLock || wakeLock) return;
    navigator.wakeLock.request("screen").then((l) => {
      wakeLock = l;
      l.addEventListener("release", () => { wakeLock = null; });
    }).catch(() => { /* the screen may dim; scanning still works */ });
  }

  // Free the camera while the page is hidden; take it again on return.
  let resumeCamera = false;
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && camera.live) {
      resumeCamera = true;
      stopStream();
      setStatus(t("js-scan-paused"));
    } else if (document.visibilityState === "visible" && resumeCamera) {
      resumeCamera = false;
      startCamera();
    }
  });

  camStart.addEventListener("click", () => {
    unlockAudio();
    startCamera();
  });

  showDoor();
  if (!door) doorInput.focus();
  startCamera();
})();
