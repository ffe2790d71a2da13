// The resident map at /: the nearest clinics to the phone's location (or a place typed or picked), how far they are,
// whether their location is exact, and one tap to call or navigate. Everything comes from this API (127.0.0.1 here,
// the same origin in production); the location is sent with the query only, never stored, and no cookie is set.
(function () {
  "use strict";

  const text = {
    zh: {
      title: "附近的发热门诊", findTitle: "查找", useLocation: "使用我的位置", placeLabel: "或输入地点（城市、区县）",
      placePlaceholder: "例如：广州、朝阳区", search: "搜索", cityLabel: "或选择城市", cityPrompt: "— 选择城市 —",
      kindLegend: "类型", kindAll: "全部", kindFever: "发热门诊", kindDesignated: "定点医院", nearest: "最近的医院",
      mapLabel: "地图", sourceUnknown: "数据来源：加载中…", privacy: "您的位置只用于本次查询，不会被保存。本页不使用 Cookie。",
      locating: "正在获取您的位置…", denied: "无法获取您的位置（未授权或不可用）。请输入地点或选择城市。",
      noGeolocation: "此浏览器不能提供位置。请输入地点或选择城市。", searching: "正在查找…",
      found: (n, where) => `${where}附近 ${n} 家`, you: "您的位置", noPlace: (q) => `没有找到“${q}”。请换个写法，或选择城市。`,
      failed: "暂时无法连接服务器，请稍后重试。", none: "附近没有找到医院。", meters: (m) => `${m} 米`, km: (k) => `${k} 公里`,
      rangeMeters: (a, b) => `约 ${a}–${b} 米`, rangeKm: (a, b) => `约 ${a}–${b} 公里`, withinMeters: (b) => `${b} 米以内`, withinKm: (b) => `${b} 公里以内`,
      "fever-clinic": "发热门诊", "designated-hospital": "定点医院", "fever-room": "发热诊室", open24h: "24小时",
      approximate: "位置为大致位置", approximateTitle: "只知道所在乡镇、区县或城市，地图上的点是其中心，不是医院门口；距离是它可能所在范围的远近",
      call: "电话", tencent: "腾讯地图", amap: "高德地图", baidu: "百度地图", apple: "苹果地图",
      source: (publisher, date, version) => `数据来源：${publisher}，更新于 ${date}（第 ${version} 版）`,
      sourceVersion: (date, version) => `数据更新于 ${date}（第 ${version} 版）`, langButton: "EN", langLabel: "Switch to English",
      open: "正在接诊", suspended: "暂停接诊", full: "已满", "closed-today": "今日停诊", wait: (m) => `候诊约 ${m} 分钟`,
      beds: (a, b) => b == null ? `空床 ${a}` : `空床 ${a}/${b}`, updated: (m) => m < 1 ? "刚刚更新" : m < 60 ? `${m} 分钟前更新` : `${Math.floor(m / 60)} 小时前更新`,
      staleTitle: "医院较久未更新状态，仅供参考",
    },
    en: {
      title: "Fever clinics near you", findTitle: "Find", useLocation: "Use my location", placeLabel: "Or type a place (city, district)",
      placePlaceholder: "e.g. Guangzhou 广州, 朝阳区", search: "Search", cityLabel: "Or pick a city", cityPrompt: "— Pick a city —",
      kindLegend: "Kind", kindAll: "All", kindFever: "Fever clinics", kindDesignated: "Designated hospitals", nearest: "Nearest",
      mapLabel: "Map", sourceUnknown: "Data source: loading…", privacy: "Your location is used for this search only and never kept. This page sets no cookies.",
      locating: "Finding your location…", denied: "Your location is not available (denied or unsupported). Type a place or pick a city.",
      noGeolocation: "This browser cannot share a location. Type a place or pick a city.", searching: "Searching…",
      found: (n, where) => `${n} near ${where}`, you: "your location", noPlace: (q) => `Nothing found for “${q}”. Try another spelling or pick a city.`,
      failed: "The server cannot be reached just now; please try again.", none: "No clinic found nearby.", meters: (m) => `${m} m`, km: (k) => `${k} km`,
      rangeMeters: (a, b) => `about ${a}–${b} m`, rangeKm: (a, b) => `about ${a}–${b} km`, withinMeters: (b) => `within ${b} m`, withinKm: (b) => `within ${b} km`,
      "fever-clinic": "Fever clinic", "designated-hospital": "Designated hospital", "fever-room": "Fever room", open24h: "24 h",
      approximate: "Approximate location", approximateTitle: "Only the township, district or city is known; the pin is its centre, not the hospital's door, and the distance is the range it may be at",
      call: "Call", tencent: "Tencent Maps", amap: "AMap", baidu: "Baidu Maps", apple: "Apple Maps",
      source: (publisher, date, version) => `Source: ${publisher}, updated ${date} (version ${version})`,
      sourceVersion: (date, version) => `Data updated ${date} (version ${version})`, langButton: "中文", langLabel: "切换到中文",
      open: "Open", suspended: "Intake suspended", full: "Full", "closed-today": "Closed today", wait: (m) => `about ${m} min wait`,
      beds: (a, b) => b == null ? `${a} beds free` : `${a}/${b} beds free`, updated: (m) => m < 1 ? "updated just now" : m < 60 ? `updated ${m} min ago` : `updated ${Math.floor(m / 60)} h ago`,
      staleTitle: "The hospital has not updated this for a while; treat it as a hint",
    },
  };

  const $ = (selector) => document.querySelector(selector);
  // Served as /embed?region=4401, the page is one jurisdiction's map inside a commission's own site: the server sets
  // the region, its name, the kind and the language on <body>, and every query asks for that region only.
  const embed = document.body.dataset.embed === "true" ? document.body.dataset : null;
  const regionQuery = embed ? `&region=${encodeURIComponent(embed.region)}` : "";
  // Chinese by default; #en opens the page in English (a link a poster can carry), as does lang=en when embedded.
  let lang = location.hash === "#en" || embed?.lang === "en" ? "en" : "zh";
  const t = (key, ...args) => { const v = text[lang][key]; return typeof v === "function" ? v(...args) : v; };

  let view = null, clinicsLayer = null, resultLayer = null, youMarker = null;
  let last = null; // { lat, lon, label, results, dataset } of the latest search, in view.crs
  const outlined = new Set(); // prefectures whose county outlines are drawn

  function applyLanguage() {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
    document.querySelectorAll("[data-tp]").forEach((el) => { el.placeholder = t(el.dataset.tp); });
    document.querySelectorAll("[data-ta]").forEach((el) => { el.setAttribute("aria-label", t(el.dataset.ta)); });
    const button = $("#lang");
    button.textContent = t("langButton");
    button.lang = lang === "zh" ? "en" : "zh";
    button.setAttribute("aria-label", t("langLabel"));
    if (embed) $("h1").textContent = `${embed.regionName} · ${t("title")}`;
    document.title = embed ? `${embed.regionName} · ${t("title")}` : `${t("title")} · ClinicMap`;
    if (last) render(last);
    showSource();
  }

  function status(message, isError = false) {
    const el = $("#status");
    el.textContent = message;
    el.classList.toggle("error", isError);
  }

  function distanceText(meters) {
    return meters < 1000 ? t("meters", Math.round(meters)) : t("km", (meters / 1000).toFixed(meters < 10000 ? 1 : 0));
  }

  // An approximate clinic's distance is a range (the nearest and farthest points of its township, county or city),
  // both ends in the unit and precision of the farther one; "within" when the resident may already be there.
  function rangeText(range) {
    const { minMeters: min, maxMeters: max } = range;
    if (max < 1000) return min < 50 ? t("withinMeters", Math.round(max)) : t("rangeMeters", Math.round(min), Math.round(max));
    const km = (m) => (m / 1000).toFixed(max < 10000 ? 1 : 0);
    return min < 50 ? t("withinKm", km(max)) : t("rangeKm", km(min), km(max));
  }

  function kind() { return document.querySelector("input[name=kind]:checked").value; }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${response.status} ${url.split("?")[0]}`);
    return response.json();
  }

  // The nearest clinics to (lat, lon) given in the map's system; results come back in that system too.
  async function searchAt(lat, lon, label) {
    status(t("searching"));
    const k = kind();
    const url = `/api/v1/clinics/nearest?lat=${lat.toFixed(6)}&lon=${lon.toFixed(6)}&crs=${view.crs}&limit=10${k ? `&kind=${k}` : ""}${regionQuery}`;
    try {
      const answer = await getJson(url);
      last = { lat, lon, label, results: answer.results, dataset: answer.dataset };
      render(last);
      showSource();
    } catch (e) {
      status(t("failed"), true);
    }
  }

  // Coarser than a street: the clinic is somewhere in its township, county or city, not at the point drawn.
  function isApproximate(precision) { return precision === "township" || precision === "district" || precision === "city"; }

  function badge(className, label, title) {
    const span = document.createElement("span");
    span.className = `badge ${className}`;
    span.textContent = label;
    if (title) span.title = title;
    return span;
  }

  function link(className, href, label) {
    const a = document.createElement("a");
    a.className = className;
    a.href = href;
    a.textContent = label;
    if (!href.startsWith("tel:") && !href.startsWith("geo:")) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
    return a;
  }

  function render(state) {
    const list = $("#results");
    list.replaceChildren();
    status(state.results.length ? t("found", state.results.length, state.label ?? t("you")) : t("none"));
    state.results.forEach((clinic, i) => {
      const item = document.createElement("li");
      item.className = "clinic";
      item.dataset.id = clinic.id;
      const title = document.createElement("h3");
      const name = document.createElement("button");
      name.type = "button";
      name.textContent = `${i + 1}. ${clinic.name}`;
      name.addEventListener("click", () => select(clinic.id, true));
      title.append(name);
      const meta = document.createElement("p");
      meta.className = "meta";
      const distance = document.createElement("span");
      distance.className = "distance";
      distance.textContent = clinic.distanceRange ? rangeText(clinic.distanceRange) : distanceText(clinic.distanceMeters);
      meta.append(distance, " ");
      clinic.kinds.forEach((k) => meta.append(badge(k, t(k))));
      if (clinic.open24h) meta.append(badge("open24h", t("open24h")));
      if (isApproximate(clinic.locationPrecision)) meta.append(badge("approximate", t("approximate"), t("approximateTitle")));
      const where = document.createElement("p");
      where.className = "meta";
      where.textContent = [clinic.address || [clinic.city, clinic.district].filter(Boolean).join(" "), clinic.hours && !clinic.open24h ? clinic.hours : ""].filter(Boolean).join(" · ");
      const actions = document.createElement("div");
      actions.className = "actions";
      clinic.phones.slice(0, 2).forEach((phone) => actions.append(link("call", `tel:${phone.replace(/[^0-9+,;]/g, "")}`, `${t("call")} ${phone}`)));
      for (const app of ["tencent", "amap", "baidu", "apple"]) actions.append(link(`nav ${app}`, clinic.navigation[app], t(app)));
      item.append(title, meta);
      const live = statusLine(clinic.status);
      if (live) item.append(live);
      item.append(where, actions);
      list.append(item);
    });
    drawResults(state);
  }

  // What the hospital itself last said (state, queue, beds, note, how long ago), as text; nothing when unknown.
  // A report older than the server's freshness window is greyed and says so.
  function statusLine(status) {
    if (!status || status.state === "unknown") return null;
    const line = document.createElement("p");
    line.className = `live ${status.state}${status.fresh ? "" : " stale"}`;
    if (!status.fresh) line.title = t("staleTitle");
    const parts = [t(status.state)];
    if (status.waitMinutes != null) parts.push(t("wait", status.waitMinutes));
    if (status.bedsAvailable != null) parts.push(t("beds", status.bedsAvailable, status.bedsTotal));
    if (status.note) parts.push(status.note);
    const minutes = Math.max(0, Math.round((Date.now() - Date.parse(status.reportedAt)) / 60000));
    parts.push(t("updated", minutes));
    line.textContent = parts.join(" · ");
    return line;
  }

  function drawResults(state) {
    if (!view) return;
    resultLayer.clearLayers();
    if (youMarker) view.map.removeLayer(youMarker);
    youMarker = L.circleMarker([state.lat, state.lon], { radius: 8, color: "#0b5c8a", fillColor: "#0b5c8a", fillOpacity: 0.9, weight: 3 })
      .bindTooltip(ClinicMapView.text(state.label ?? t("you"))).addTo(view.map);
    const points = [[state.lat, state.lon]];
    state.results.forEach((clinic, i) => {
      const marker = L.circleMarker([clinic.location.lat, clinic.location.lon], markerStyle(clinic, false))
        .bindTooltip(ClinicMapView.text(`${i + 1}. ${clinic.name}`));
      marker.on("click", () => select(clinic.id, false));
      marker.clinicId = clinic.id;
      marker.addTo(resultLayer);
      points.push([clinic.location.lat, clinic.location.lon]);
    });
    view.map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: 15 });
    const first = state.results[0];
    const prefecture = first ? first.adminCode.slice(0, 4) + "00" : null;
    if (prefecture && !outlined.has(prefecture)) { outlined.add(prefecture); view.showOutline(prefecture); }
  }

  function markerStyle(clinic, isSelected) {
    const color = clinic.kinds.includes("designated-hospital") ? "#1d5e34" : "#a3261b";
    const approximate = isApproximate(clinic.locationPrecision);
    return { radius: isSelected ? 11 : 7, color: isSelected ? "#f0a500" : color, weight: isSelected ? 4 : 2, fillColor: color,
      fillOpacity: approximate ? 0.35 : 0.85, dashArray: approximate ? "3 3" : null };
  }

  function select(id, fromList) {
    document.querySelectorAll(".clinic").forEach((el) => el.setAttribute("aria-current", el.dataset.id === id ? "true" : "false"));
    resultLayer.eachLayer((marker) => {
      const clinic = last.results.find((c) => c.id === marker.clinicId);
      marker.setStyle(markerStyle(clinic, marker.clinicId === id));
      if (marker.clinicId === id) { marker.bringToFront(); if (fromList) { view.map.panTo(marker.getLatLng()); marker.openTooltip(); } }
    });
    if (!fromList) document.querySelector(`.clinic[data-id="${id}"]`)?.scrollIntoView({ block: "nearest" });
  }

  function locate() {
    if (!navigator.geolocation) { status(t("noGeolocation"), true); $("#place").focus(); return; }
    status(t("locating"));
    navigator.geolocation.getCurrentPosition(async (position) => {
      let { latitude: lat, longitude: lon } = position.coords;
      // The phone reports WGS-84; a map on a Chinese provider's basemap is GCJ-02: the API converts, explicitly.
      if (view.crs !== "wgs84") {
        try {
          const p = await getJson(`/api/v1/coordinates/convert?lat=${lat}&lon=${lon}&from=wgs84&to=${view.crs}`);
          lat = p.lat; lon = p.lon;
        } catch (e) { status(t("failed"), true); return; }
      }
      searchAt(lat, lon, null);
    }, () => {
      status(t("denied"), true);
      $("#place").focus();
    }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 });
  }

  async function findPlace(q) {
    q = q.trim();
    if (!q) return;
    try {
      const places = await getJson(`/api/v1/places?q=${encodeURIComponent(q)}&crs=${view.crs}`);
      if (places.length === 0) { status(t("noPlace", q), true); return; }
      const place = places[0];
      searchAt(place.lat, place.lon, place.level === "county" && place.province ? `${place.province}${place.name}` : place.name);
    } catch (e) {
      status(t("failed"), true);
    }
  }

  let suggestTimer = null;
  function suggest(q) {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(async () => {
      if (!q.trim()) return;
      try {
        const places = await getJson(`/api/v1/places?q=${encodeURIComponent(q.trim())}&crs=${view.crs}`);
        $("#place-options").replaceChildren(...places.map((p) => Object.assign(document.createElement("option"), { value: p.name, label: p.province && p.province !== p.name ? p.province : "" })));
      } catch (_) { /* suggestions are optional */ }
    }, 250);
  }

  async function loadCities() {
    try {
      const all = await getJson(`/api/v1/places?level=prefecture&crs=${view.crs}`);
      // Embedded, only the region's own cities (a prefecture or county region has nothing to pick: the picker goes).
      const places = embed ? all.filter((p) => p.code.startsWith(embed.region)) : all;
      const select = $("#city");
      if (embed && embed.region.length > 2) { select.hidden = true; select.previousElementSibling.hidden = true; return; }
      const groups = new Map();
      for (const place of places) {
        const province = place.province ?? place.name;
        if (!groups.has(province)) { const g = document.createElement("optgroup"); g.label = province; groups.set(province, g); select.append(g); }
        const option = document.createElement("option");
        option.value = `${place.lat},${place.lon}`;
        option.textContent = place.name;
        groups.get(province).append(option);
      }
    } catch (_) { /* the typed search still works */ }
  }

  let dataset = null;
  async function showSource() {
    const el = $("#source");
    const d = last?.dataset ?? dataset;
    if (!d) return;
    const date = new Date(d.publishedAt).toLocaleDateString(lang === "zh" ? "zh-CN" : "en-GB");
    const source = last?.results?.find((c) => c.source)?.source;
    el.textContent = source ? t("source", source.title && source.title !== source.publisher ? `${source.publisher}《${source.title}》` : source.publisher, date, d.version) : t("sourceVersion", date, d.version);
  }

  // Every clinic of the current version from the summary GeoJSON in the map's system, clustered (supercluster,
  // vendored from npm) so that a phone draws a few dozen markers at the national view, not thousands.
  let clusters = null;
  async function loadAllClinics() {
    try {
      const response = await fetch(`/api/v1/clinics.geojson?properties=summary&crs=${view.crs}${regionQuery}`);
      if (!response.ok) return;
      const collection = await response.json();
      dataset = collection.dataset;
      showSource();
      clusters = new Supercluster({ radius: 48, maxZoom: 13 });
      clusters.load(collection.features);
      clinicsLayer = L.layerGroup().addTo(view.map);
      view.map.on("moveend", drawClusters);
      drawClusters();
    } catch (_) { /* the nearest list still works */ }
  }

  function drawClusters() {
    if (!clusters) return;
    const b = view.map.getBounds();
    const zoom = Math.round(view.map.getZoom());
    clinicsLayer.clearLayers();
    for (const item of clusters.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom)) {
      const [lon, lat] = item.geometry.coordinates;
      const p = item.properties;
      if (p.cluster) {
        const size = Math.min(44, 22 + Math.log2(p.point_count) * 3);
        L.marker([lat, lon], {
          icon: L.divIcon({ className: "cluster", html: ClinicMapView.text(p.point_count_abbreviated), iconSize: [size, size] }),
          title: `${p.point_count}`, keyboard: false,
        }).on("click", () => view.map.setView([lat, lon], Math.min(clusters.getClusterExpansionZoom(p.cluster_id), 16)))
          .addTo(clinicsLayer);
      } else {
        L.circleMarker([lat, lon], {
          radius: 4, weight: 1, color: "#7d2a22", fillColor: p.kinds.includes("designated-hospital") ? "#1d5e34" : "#a3261b",
          fillOpacity: isApproximate(p.locationPrecision) ? 0.35 : 0.85,
        }).bindTooltip(ClinicMapView.text(p.name)).addTo(clinicsLayer);
      }
    }
  }

  async function start() {
    $("#lang").addEventListener("click", () => { lang = lang === "zh" ? "en" : "zh"; applyLanguage(); });
    $("#locate").addEventListener("click", locate);
    $("#search").addEventListener("submit", (e) => { e.preventDefault(); findPlace($("#place").value); });
    $("#place").addEventListener("input", (e) => suggest(e.target.value));
    $("#city").addEventListener("change", (e) => {
      if (!e.target.value) return;
      const [lat, lon] = e.target.value.split(",").map(Number);
      searchAt(lat, lon, e.target.selectedOptions[0].textContent);
    });
    document.querySelectorAll("input[name=kind]").forEach((r) => r.addEventListener("change", () => { if (last) searchAt(last.lat, last.lon, last.label); }));
    if (embed?.kind) document.querySelector(`input[name=kind][value="${CSS.escape(embed.kind)}"]`)?.click();
    applyLanguage();
    view = await ClinicMapView.create("map");
    view.map.setView([35, 105], 4);
    resultLayer = L.layerGroup().addTo(view.map);
    loadAllClinics();
    loadCities();
    // A granted permission answers at once; otherwise the page waits for the button, as browsers ask.
    if (navigator.permissions) {
      try {
        const permission = await navigator.permissions.query({ name: "geolocation" });
        if (permission.state === "granted") locate();
      } catch (_) { /* ask on the button */ }
    }
  }

  start();
})();
