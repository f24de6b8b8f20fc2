/* GPMB resettlement site map: the site's plots coloured by state (free, allocated,
   refused), each labelled with its number and the allocated household's code. Text from
   the data goes in as text, never as HTML. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("site-map-config").textContent);
  var element = document.getElementById("site-map");
  var status = document.getElementById("map-status");
  document.querySelectorAll(".swatch[data-colour]").forEach(function (s) {
    s.style.background = s.getAttribute("data-colour");
  });
  // No base map: the page must work on a ward's network without the internet.
  var map = L.map(element, { zoomSnap: 0.5, maxZoom: 23 });
  L.control.scale({ imperial: false }).addTo(map);
  window.gpmbSiteMap = map;
  fetch(config.features, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var counts = { free: 0, allocated: 0, refused: 0 };
      var layer = L.geoJSON(data, {
        style: function (f) {
          var colour = config.colours[f.properties.state] || "#666";
          return { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.45 };
        },
        onEachFeature: function (f, l) {
          counts[f.properties.state] = (counts[f.properties.state] || 0) + 1;
          var label = document.createElement("span");
          label.className = "plot-label plot-" + f.properties.state;
          label.textContent = f.properties.number +
            (f.properties.household ? " · " + f.properties.household : "");
          l.bindTooltip(label, { permanent: data.features.length <= 400, direction: "center" });
        }
      }).addTo(map);
      if (data.features.length) {
        map.fitBounds(layer.getBounds(), { padding: [20, 20] });
      } else {
        map.setView([20.85, 106.68], 14);
      }
      element.setAttribute("data-loaded", String(data.features.length));
      element.setAttribute("data-allocated", String(counts.allocated));
      status.textContent = data.features.length + " / " + counts.allocated + " / " + counts.free;
    })
    .catch(function () { status.textContent = "!"; });
})();
