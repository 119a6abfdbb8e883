/* The briefing as a map report that prints: a scale bar and a north arrow on the map, and the
 * map redrawn for the paper when the page is printed (its frame changes size for the page, and
 * Leaflet draws only what it knew of its size). Used by heritage/briefing.py only. */
(function () {
  "use strict";
  var H = window.HeritageMap;

  /* options: {north: "N" in the reader's language, northLabel: its accessible name, bounds: [[s, w], [n, e]]} */
  H.printable = function (map, options) {
    L.control.scale({ metric: true, imperial: false, position: "bottomleft", maxWidth: 160 }).addTo(map);
    var north = L.control({ position: "topright" });
    north.onAdd = function () {
      var div = L.DomUtil.create("div", "hm-north");
      div.setAttribute("role", "img");
      div.setAttribute("aria-label", options.northLabel);
      div.innerHTML = '<svg width="22" height="30" viewBox="0 0 22 30" aria-hidden="true">' +
        '<path d="M11 1 L20 28 L11 22 L2 28 Z" fill="#222" stroke="#fff" stroke-width="1"/></svg>' +
        '<span class="hm-north-letter"></span>';
      div.querySelector(".hm-north-letter").textContent = options.north;  // text, never markup
      return div;
    };
    north.addTo(map);

    /* Fit the sites again once the frame has its printed size, clear of the legend. */
    function refit() {
      map.invalidateSize({ animate: false, pan: false });
      if (!options.bounds) return;
      var legend = map.getContainer().querySelector(".hm-legend");
      var right = legend ? legend.offsetWidth + 24 : 24;
      map.fitBounds(options.bounds, { paddingTopLeft: [24, 24], paddingBottomRight: [right, 24], maxZoom: 14,
                                      animate: false });
    }
    window.addEventListener("beforeprint", refit);
    window.addEventListener("afterprint", refit);
    if (window.matchMedia) {
      var printing = window.matchMedia("print");
      if (printing.addEventListener) printing.addEventListener("change", refit);
    }
  };
})();
