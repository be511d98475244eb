// Map page: local country shapes as the basemap, incidents as clustered markers.
// Popups are built with DOM text nodes, never innerHTML, so record text stays inert.
(function () {
  "use strict";
  var el = document.getElementById("map");
  var status = document.getElementById("map-status");
  if (!el || !window.L) { return; }
  L.Icon.Default.imagePath = el.dataset.leafletImages;
  var map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([30, 20], 2);
  map.attributionControl.addAttribution("Natural Earth");
  el.dataset.ready = "0";

  function popup(f) {
    var p = f.properties, box = document.createElement("div"), a = document.createElement("a");
    a.href = "/incidents/" + encodeURIComponent(p.incident_id);
    a.textContent = (p.type || "").replace(/_/g, " ") + (p.subtype ? " · " + p.subtype.replace(/_/g, " ") : "");
    a.className = "popup-link";
    box.appendChild(a);
    var lines = [p.date_start || "date unknown", p.place_name || "", (p.persons || []).join(", ")];
    lines.forEach(function (t) { if (t) { var d = document.createElement("div"); d.textContent = t; box.appendChild(d); } });
    return box;
  }

  var basemap = fetch(el.dataset.basemap).then(function (r) { return r.json(); }).then(function (topo) {
    var countries = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(countries, { style: { color: "#8a8a8a", weight: 0.6, fillColor: "#f2efe9", fillOpacity: 1 }, interactive: false }).addTo(map);
  });
  var points = fetch(el.dataset.points, { credentials: "same-origin" }).then(function (r) {
    if (!r.ok) { throw new Error("HTTP " + r.status); }
    return r.json();
  }).then(function (fc) {
    // No animations on the first draw: "ready" must mean the markers are where they stay.
    var cluster = L.markerClusterGroup({ animate: false });
    var layer = L.geoJSON(fc, { onEachFeature: function (f, m) { m.bindPopup(function () { return popup(f); }); } });
    cluster.addLayer(layer);
    map.addLayer(cluster);
    if (fc.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 6, padding: [30, 30], animate: false }); }
    status.textContent = fc.features.length + " incident" + (fc.features.length === 1 ? "" : "s") + " with coordinates" +
      (fc.truncated ? " (the newest of " + fc.matched + " matching; narrow the filters to see the rest)" : "");
    el.dataset.count = String(fc.features.length);
  });
  Promise.all([basemap, points]).then(function () { el.dataset.ready = "1"; })
    .catch(function (e) { status.textContent = "Could not load the map: " + e.message; el.dataset.ready = "error"; });
}());
