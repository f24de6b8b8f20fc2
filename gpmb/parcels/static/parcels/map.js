/* GPMB project map: asks the server only for what is in view (points when zoomed out,
   simplified polygons when zoomed in), draws on one canvas, opens a popup on click. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var element = document.getElementById("parcel-map");
  var status = document.getElementById("map-status");
  var renderer = L.canvas({ padding: 0.2, tolerance: 3 });
  // No base map: the page must work on a ward's network without the internet.
  var map = L.map(element, { preferCanvas: true, renderer: renderer, zoomSnap: 0.5, maxZoom: 22 });
  L.control.scale({ imperial: false }).addTo(map);
  window.gpmbMap = map;

  // Zoomed out, tens of thousands of parcels are dots on one canvas: one layer, not
  // one Leaflet object per parcel. A click picks the nearest dot.
  var DotLayer = L.Layer.extend({
    onAdd: function (m) {
      this._canvas = L.DomUtil.create("canvas", "gpmb-dots");
      this._canvas.style.position = "absolute";
      this._canvas.style.pointerEvents = "none";
      m.getPanes().overlayPane.appendChild(this._canvas);
      m.on("moveend zoomend resize", this.redraw, this);
      this.redraw();
    },
    onRemove: function (m) {
      L.DomUtil.remove(this._canvas);
      m.off("moveend zoomend resize", this.redraw, this);
    },
    setItems: function (items) { this._items = items || []; this.redraw(); },
    redraw: function () {
      if (!this._map) { return; }
      var size = this._map.getSize();
      var canvas = this._canvas;
      L.DomUtil.setPosition(canvas, this._map.containerPointToLayerPoint([0, 0]));
      canvas.width = size.x;
      canvas.height = size.y;
      var ctx = canvas.getContext("2d");
      var items = this._items || [];
      var points = this._points = new Array(items.length);
      for (var state = 0; state < config.colours.length; state++) {
        ctx.fillStyle = config.colours[state];
        for (var i = 0; i < items.length; i++) {
          if (items[i][3] !== state) { continue; }
          var p = this._map.latLngToContainerPoint([items[i][1], items[i][2]]);
          points[i] = p;
          ctx.fillRect(p.x - 2, p.y - 2, 4, 4);
        }
      }
    },
    nearest: function (point) {
      var best = null, bestDistance = 49;
      var items = this._items || [];
      for (var i = 0; i < items.length; i++) {
        var p = this._points && this._points[i];
        if (!p) { continue; }
        var d = (p.x - point.x) * (p.x - point.x) + (p.y - point.y) * (p.y - point.y);
        if (d < bestDistance) { bestDistance = d; best = items[i]; }
      }
      return best;
    }
  });
  var dots = new DotLayer().addTo(map);
  map.on("click", function (e) {
    if (element.dataset.mode !== "points") { return; }
    var hit = dots.nearest(e.containerPoint);
    if (hit) { openPopup(hit[0], L.latLng(hit[1], hit[2])); }
  });

  var parcels = L.layerGroup().addTo(map);
  var index = {};  // parcel id → layer, for search and tests
  var pending = null;

  function style(state) {
    return { renderer: renderer, color: "#33414e", weight: 0.6, fillColor: config.colours[state], fillOpacity: 0.75 };
  }

  function paintSwatches(root) {
    root.querySelectorAll(".swatch[data-colour]").forEach(function (swatch) {
      swatch.style.background = swatch.dataset.colour;
    });
  }
  paintSwatches(document);

  function openPopup(id, latlng) {
    fetch(config.popup.replace("{id}", id), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        // The popup is the server's template, escaped there; its colour swatches carry
        // their colour as data (no inline style under the Content-Security-Policy).
        var box = document.createElement("div");
        box.innerHTML = html;
        paintSwatches(box);
        L.popup({ maxWidth: 360 }).setLatLng(latlng).setContent(box).openOn(map);
      });
  }

  function draw(data) {
    parcels.clearLayers();
    index = {};
    element.dataset.mode = data.mode;
    dots.setItems(data.mode === "points" ? data.items : []);
    (data.mode === "points" ? [] : data.items).forEach(function (item) {
      var layer = L.polygon(item[3], style(item[1]));
      // Leaflet writes a string tooltip with innerHTML; a text node is shown as text, so a
      // sheet or number read from an imported file can never become markup.
      layer.bindTooltip(document.createTextNode(item[2]), { sticky: true });
      layer.on("click", function (e) { openPopup(item[0], e.latlng); });
      layer.parcelId = item[0];
      index[item[0]] = layer;
      parcels.addLayer(layer);
    });
    element.dataset.count = String(data.count);
    element.dataset.loaded = String(Number(element.dataset.loaded) + 1);
    status.textContent = data.count.toLocaleString("vi-VN") + (data.mode === "points" ? " thửa (phóng to để xem ranh thửa)" : " thửa");
  }

  function refresh() {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    var b = map.getBounds();
    var url = config.features + (config.features.indexOf("?") < 0 ? "?" : "&") + "bbox=" + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
      .map(function (v) { return v.toFixed(6); }).join(",") + "&zoom=" + map.getZoom();
    fetch(url, { credentials: "same-origin", signal: pending.signal })
      .then(function (r) { return r.json(); })
      .then(draw)
      .catch(function (err) { if (err.name !== "AbortError") { status.textContent = "Lỗi tải bản đồ"; } });
  }

  fetch(config.boundary, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (geojson) {
      L.geoJSON(geojson, {
        renderer: renderer, interactive: false,
        style: { color: "#1b4fd8", weight: 2.5, dashArray: "6 4", fill: false }
      }).addTo(map);
    });

  map.on("moveend", refresh);
  if (config.bounds) {
    map.fitBounds([[config.bounds[0], config.bounds[1]], [config.bounds[2], config.bounds[3]]]);
  } else {
    map.setView([20.85, 106.68], 13);
  }

  // Search by sheet/parcel or owner.
  var form = document.getElementById("map-search");
  var results = document.getElementById("map-results");
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = form.elements.q.value;
    fetch(config.search + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        results.replaceChildren();
        if (!data.results.length) { results.textContent = "Không tìm thấy"; return; }
        data.results.forEach(function (hit) {
          var li = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = hit.label + (hit.owners.length ? " — " + hit.owners.join("; ") : "");
          button.addEventListener("click", function () {
            var bounds = L.latLngBounds(hit.bounds);
            map.once("moveend", function () { openPopup(hit.id, bounds.getCenter()); });
            map.fitBounds(bounds, { maxZoom: 20, padding: [40, 40] });
          });
          li.appendChild(button);
          results.appendChild(li);
        });
        if (data.results.length === 1) { results.querySelector("button").click(); }
      });
  });

  window.gpmbParcelPoint = function (id) {
    var layer = index[id];
    if (!layer) { return null; }
    var center = layer.getBounds ? layer.getBounds().getCenter() : layer.getLatLng();
    var point = map.latLngToContainerPoint(center);
    var rect = element.getBoundingClientRect();
    return { x: rect.left + point.x, y: rect.top + point.y };
  };
})();
