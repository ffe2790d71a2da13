// The map component shared by the resident page (/) and the operator page (/operator/), on Leaflet (vendored
// from npm at build time, never from a CDN). It draws the configured basemap (GET /api/v1/map-config: a tile URL
// and the system its tiles are in) or, when there is none or it does not answer, division outlines from
// ClinicMap's own boundaries, so that the map is still useful offline. Every point put on it must be in
// `view.crs`: callers ask the API for that system (crs=…), nothing is converted in the browser.
(function () {
  "use strict";

  const outlineStyle = { color: "#3b5566", weight: 1, fillColor: "#eef3f6", fillOpacity: 0.6 };

  async function mapConfig() {
    try {
      const response = await fetch("/api/v1/map-config");
      if (response.ok) return await response.json();
    } catch (_) { /* no config: the outlines are drawn */ }
    return { tileUrl: "", tileCrs: "wgs84", attribution: "" };
  }

  // The provinces' outlines (simplified to ~3 km), the background of a map without a basemap. WGS-84.
  async function showProvinces(layer, renderer) {
    try {
      const response = await fetch("/api/v1/divisions/provinces.geojson");
      if (!response.ok) return;
      L.geoJSON(await response.json(), { style: { color: "#5b7285", weight: 1, fill: true, fillColor: "#f4f7f9", fillOpacity: 1 }, interactive: false, renderer })
        .addTo(layer);
    } catch (_) { /* the clinics still show on a blank background */ }
  }

  // Creates the map in `element`; resolves to { map, crs, showOutline(code), basemap }. With `wgs84Only`, a basemap
  // in another system is not used (a page that handles WGS-84 points only then draws the outlines).
  async function create(element, { wgs84Only = false } = {}) {
    const config = await mapConfig();
    if (wgs84Only && config.tileUrl && (config.tileCrs || "wgs84") !== "wgs84") config.tileUrl = "";
    const map = L.map(element, { preferCanvas: true, zoomControl: true, attributionControl: true });
    map.attributionControl.setPrefix(false);
    // Outlines live in their own pane under the markers' (overlayPane, z 400), drawn by their own canvas.
    map.createPane("outlines").style.zIndex = 350;
    const renderer = L.canvas({ pane: "outlines" });
    const outlines = L.layerGroup().addTo(map);
    let crs = "wgs84";
    let basemap = "outlines";
    if (config.tileUrl) {
      crs = config.tileCrs || "wgs84";
      basemap = "tiles";
      const tiles = L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
      let failures = 0;
      // A basemap that does not answer (no network to it) falls back to our outlines, which are WGS-84.
      tiles.on("tileerror", () => {
        if (++failures === 4 && crs === "wgs84") { map.removeLayer(tiles); basemap = "outlines"; showProvinces(outlines, renderer); }
      });
    }
    map.attributionControl.addAttribution("ClinicMap · 行政区划 GB/T 2260");
    if (basemap === "outlines") showProvinces(outlines, renderer);

    // Draws a division's outline (a county, or every county of a prefecture or province) from our boundaries into
    // `layer` (the map's own outline layer by default); resolves to the outline's layer, or null when there is none.
    // Only on the outline basemap, and only in WGS-84, the system the boundaries are stored in.
    async function showOutline(code, layer = outlines, style = outlineStyle) {
      if (basemap !== "outlines" || crs !== "wgs84" || !code) return null;
      try {
        const response = await fetch(`/api/v1/divisions/${encodeURIComponent(code)}/boundary`);
        if (!response.ok) return null;
        return L.geoJSON(await response.json(), { style, interactive: false, renderer }).addTo(layer);
      } catch (_) {
        return null;
      }
    }

    return { map, crs, showOutline, get basemap() { return basemap; } };
  }

  // Leaflet writes a string tooltip (and a divIcon's html string) with innerHTML: a clinic's name from a published
  // list would run as markup. Every value from data goes to Leaflet as this element, whose text is set as text.
  function text(value, tag = "span") {
    const element = document.createElement(tag);
    element.textContent = value == null ? "" : String(value);
    return element;
  }

  window.ClinicMapView = { create, text };
})();
