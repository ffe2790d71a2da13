// The operator page: the review queue of the key's jurisdiction, a row's cells, reasons and candidates, and the
// actions of the review API. The key lives in sessionStorage only (no cookies); every action states why.
(() => {
  const $ = (selector) => document.querySelector(selector);
  let key = sessionStorage.getItem("clinicmap.key") || "";
  let current = null;

  async function api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      headers: { "Authorization": `Bearer ${key}`, "Content-Type": "application/json", ...(options.headers || {}) },
    });
    if (!response.ok) {
      let detail = response.statusText;
      try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch { /* not JSON */ }
      throw new Error(`${response.status}: ${detail}`);
    }
    return response.status === 204 ? null : response.json();
  }

  function show(message) { $("#status").textContent = message; }

  function cell(text) { const td = document.createElement("td"); td.textContent = text ?? ""; return td; }

  // A link only to an http(s) address, its text the address itself: a notice's URL comes from a commission's site.
  function linkCell(url, label) {
    const td = cell(label);
    let parsed = null;
    try { parsed = url ? new URL(url) : null; } catch { /* not a URL: shown as text */ }
    if (parsed && (parsed.protocol === "http:" || parsed.protocol === "https:")) {
      const a = document.createElement("a");
      a.href = parsed.href;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      a.textContent = label;
      td.replaceChildren(a);
    }
    return td;
  }

  async function loadQueue() {
    const form = new FormData($("#filters"));
    const query = new URLSearchParams([...form].filter(([, v]) => v !== ""));
    try {
      const queue = await api(`/api/v1/review?${query}`);
      const rows = $("#rows tbody");
      rows.replaceChildren();
      for (const row of queue.rows) {
        const tr = document.createElement("tr");
        tr.tabIndex = 0;
        tr.append(cell(`${row.batchId}/${row.rowNumber}`), cell(row.name), cell(row.adminCode), cell(row.reasonCodes.join(", ")), cell(row.matchKind));
        tr.addEventListener("click", () => open(row.batchId, row.rowNumber));
        tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(row.batchId, row.rowNumber); });
        rows.append(tr);
      }
      const batches = $("#batches tbody");
      batches.replaceChildren();
      for (const batch of queue.batches) {
        const tr = document.createElement("tr");
        const mode = cell(batch.mode);
        mode.title = batch.modeReason ?? "";
        tr.append(cell(batch.batchId), cell(`${batch.title} (${batch.fileName})`), cell(batch.publisher), mode,
          cell(`${batch.rows} = ${batch.accepted} + ${batch.needsReview} + ${batch.rejected}`),
          batch.noticeUrl ? linkCell(batch.noticeUrl, `${batch.watchedSource ?? ""} ${batch.noticeUrl}`.trim()) : cell(batch.createdBy));
        batches.append(tr);
      }
      const closures = $("#closures tbody");
      closures.replaceChildren();
      for (const closure of queue.closures) {
        const tr = document.createElement("tr");
        const actions = document.createElement("td");
        for (const [label, action] of [["关闭 Close", "close"], ["保留 Keep", "keep"]]) {
          const button = document.createElement("button");
          button.textContent = label;
          button.addEventListener("click", async () => {
            const why = prompt("理由 Why?") || null;
            try { await api(`/api/v1/review/closures/${closure.batchId}/${closure.clinicId}/${action}`, { method: "POST", body: JSON.stringify({ why }) }); await loadQueue(); }
            catch (e) { show(e.message); }
          });
          actions.append(button);
        }
        tr.append(cell(closure.batchId), cell(closure.name), cell(closure.adminCode), actions);
        closures.append(tr);
      }
      show(`${queue.rows.length} rows, ${queue.closures.length} proposed closures`);
    } catch (e) { show(e.message); }
    loadReports();
  }

  // Who reported what: the newest status reports of the key's jurisdiction, each with its reporting key.
  async function loadReports() {
    try {
      const reports = await api("/api/v1/status/reports?limit=50");
      const body = $("#reports tbody");
      body.replaceChildren();
      for (const { report, clinicName, adminCode, reportedBy } of reports) {
        const details = [report.waitMinutes != null ? `${report.waitMinutes} min` : "", report.bedsAvailable != null ? `${report.bedsAvailable}/${report.bedsTotal ?? "?"} beds` : "", report.note ?? ""]
          .filter(Boolean).join(" · ");
        const tr = document.createElement("tr");
        tr.append(cell(new Date(report.reportedAt).toLocaleString()), cell(clinicName), cell(adminCode), cell(report.state), cell(details),
          cell(new Date(report.validUntil).toLocaleString()), cell(reportedBy));
        body.append(tr);
      }
    } catch (_) { /* the queue says what went wrong */ }
  }

  async function open(batchId, rowNumber) {
    try {
      current = await api(`/api/v1/review/rows/${batchId}/${rowNumber}?crs=wgs84`);
      render();
    } catch (e) { show(e.message); }
  }

  function render() {
    const row = current;
    $("#detail").hidden = false;
    $("#detail-title").textContent = `行 Row ${row.batchId}/${row.rowNumber} · ${row.outcome}`;
    const raw = $("#raw");
    raw.replaceChildren();
    for (const [name, value] of Object.entries(row.raw)) {
      const dt = document.createElement("dt"); dt.textContent = name;
      const dd = document.createElement("dd"); dd.textContent = value ?? "";
      raw.append(dt, dd);
    }
    renderCrops(row);
    const reasons = $("#reasons");
    reasons.replaceChildren(...row.reasons.map((r) => { const li = document.createElement("li"); li.textContent = `${r.code}: ${r.message}`; return li; }));
    const candidates = $("#candidates");
    candidates.replaceChildren(...row.candidates.map((c) => {
      const li = document.createElement("li");
      li.textContent = `${c.name} (${c.adminCode}) — ${c.evidence.join(", ")} `;
      const merge = document.createElement("button");
      merge.textContent = "合并 Merge";
      merge.addEventListener("click", () => act("merge", { clinicId: c.clinicId }));
      li.append(merge);
      return li;
    }));
    const edit = $("#edit");
    edit.name.value = row.fields.name ?? "";
    edit.address.value = row.fields.address ?? "";
    edit.adminCode.value = row.fields.adminCode ?? "";
    edit.phones.value = (row.fields.phones || []).join(", ");
    edit.kinds.value = (row.fields.kinds || []).join(", ");
    edit.hours.value = row.fields.hours ?? "";
    edit.level.value = row.fields.level ?? "";
    $("#location").textContent = row.location
      ? `${row.location.lat.toFixed(6)}, ${row.location.lon.toFixed(6)} (${row.location.crs}) · ${row.locationPrecision} · ${row.locationMethod}`
      : "没有位置 no location";
    renderMap(row);
  }

  // The map (the component the resident page shares, /shared/clinic-map.js): the configured WGS-84 basemap or our
  // own outlines, the row's county, its pin (draggable) and its candidates. Everything on it is WGS-84; a move made
  // here is sent as wgs84.
  let view = null, map = null, layers = null;
  async function renderMap(row) {
    if (typeof L === "undefined" || typeof ClinicMapView === "undefined") return;
    if (!view) {
      view = await ClinicMapView.create("map", { wgs84Only: true });
      map = view.map;
      layers = L.layerGroup().addTo(map);
      map.on("click", (e) => fillMove(e.latlng));
    }
    layers.clearLayers();
    const bounds = [];
    if (row.fields.adminCode) {
      const outline = await view.showOutline(row.fields.adminCode, layers, { color: "#0b3d5c", weight: 2, fillOpacity: 0.05 });
      if (outline) bounds.push(outline.getBounds());
    }
    for (const candidate of row.candidates) {
      const response = await fetch(`/api/v1/clinics/${candidate.clinicId}`);
      if (!response.ok) continue;
      const clinic = await response.json();
      L.circleMarker([clinic.location.lat, clinic.location.lon], { radius: 7, color: "#1f6f3f" })
        .bindTooltip(ClinicMapView.text(`${clinic.name} (${clinic.locationPrecision})`), { permanent: true, direction: "right" }).addTo(layers);
      bounds.push(L.latLngBounds([[clinic.location.lat, clinic.location.lon]]));
    }
    if (row.location) {
      const pin = L.marker([row.location.lat, row.location.lon], { draggable: true, title: row.fields.name || "" }).addTo(layers);
      pin.on("dragend", () => fillMove(pin.getLatLng()));
      bounds.push(L.latLngBounds([[row.location.lat, row.location.lon]]));
    }
    if (bounds.length > 0) {
      const all = bounds.reduce((a, b) => a.extend(b));
      map.fitBounds(all.pad(0.1), { maxZoom: 15 });
    } else {
      map.setView([35, 105], 4);
    }
    setTimeout(() => map.invalidateSize(), 0);
  }

  function fillMove(latlng) {
    const f = $("#move");
    f.lat.value = latlng.lat.toFixed(6);
    f.lon.value = latlng.lng.toFixed(6);
    f.crs.value = "wgs84";
  }

  // OCR rows: each cell's crop of the page beside the text read from it, with its confidence.
  async function renderCrops(row) {
    const crops = $("#crops");
    crops.replaceChildren();
    if (!row.ocr) return;
    const pages = new Map();
    for (const cell of row.ocr) {
      if (!pages.has(cell.page)) {
        const response = await fetch(`/api/v1/review/batches/${row.batchId}/pages/${cell.page}`, { headers: { "Authorization": `Bearer ${key}` } });
        pages.set(cell.page, response.ok ? await createImageBitmap(await response.blob()) : null);
      }
      const page = pages.get(cell.page);
      const figure = document.createElement("figure");
      const caption = document.createElement("figcaption");
      caption.textContent = `${cell.column}: ${cell.text ?? ""} (${cell.confidence})`;
      if (page) {
        const canvas = document.createElement("canvas");
        canvas.width = cell.width; canvas.height = cell.height;
        canvas.getContext("2d").drawImage(page, cell.x, cell.y, cell.width, cell.height, 0, 0, cell.width, cell.height);
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", `crop of ${cell.column}`);
        figure.append(canvas);
      }
      figure.append(caption);
      crops.append(figure);
    }
  }

  async function act(action, body = {}) {
    const why = $("#act").why.value || null;
    try {
      current = await api(`/api/v1/review/rows/${current.batchId}/${current.rowNumber}/${action}`, { method: "POST", body: JSON.stringify({ ...body, why }) });
      render();
      await loadQueue();
    } catch (e) { show(e.message); }
  }

  const list = (text) => text.split(/[,，、\s]+/).filter((x) => x !== "");

  $("#key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    key = $("#key").value.trim();
    sessionStorage.setItem("clinicmap.key", key);
    loadQueue();
  });
  $("#filters").addEventListener("submit", (e) => { e.preventDefault(); loadQueue(); });
  $("#edit").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = e.target;
    act("edit", {
      name: f.name.value || null, address: f.address.value || null, adminCode: f.adminCode.value || null,
      phones: list(f.phones.value), kinds: list(f.kinds.value), hours: f.hours.value || null, level: f.level.value || null,
    });
  });
  $("#move").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = e.target;
    act("move", { lat: Number(f.lat.value), lon: Number(f.lon.value), crs: f.crs.value });
  });
  $("#act").addEventListener("submit", (e) => {
    e.preventDefault();
    act(e.submitter.dataset.action);
  });
  if (key) { $("#key").value = key; loadQueue(); }
})();
