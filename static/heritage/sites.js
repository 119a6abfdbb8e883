/* Heritage Map: draws the offline basemap, the legend and the site markers.
 * Every text from the data reaches the page through esc(); nothing is built with
 * template literals, so `${...}` in a name stays text. */
(function () {
  "use strict";
  var H = (window.HeritageMap = window.HeritageMap || {});

  function esc(value) {
    return String(value == null ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;").replace(/`/g, "&#96;");
  }
  H.esc = esc;

  /* A hollow shape (outline only, dashed) marks a site placed only approximately. */
  function svg(style, size, extraClass, hollow) {
    var paint = hollow
      ? 'fill="#fff" fill-opacity="0.6" stroke="' + style.color + '" stroke-width="2.5" stroke-dasharray="3 2"'
      : 'fill="' + style.color + '" stroke="#fff" stroke-width="1.5"';
    return '<svg class="hm-shape ' + (extraClass || "") + '" width="' + size + '" height="' + size +
      '" viewBox="0 0 20 20"><path d="' + style.path + '" ' + paint + "/></svg>";
  }
  var CONTESTED = 1, APPROXIMATE = 2; /* bits of a marker's flags, as in heritage/dataset.py */
  var CONTESTED_MARK = '<span class="hm-contested" aria-label="sources disagree">!</span>';
  H.svg = svg;

  H.setup = function (map, config) {
    H.styles = config.styles;
    H.order = config.order;
    if (!map.getPane("basemap")) {
      map.createPane("basemap");
      map.getPane("basemap").style.zIndex = 150;
    }
    map.attributionControl.addAttribution(esc(config.attribution));
    (config.basemap || []).forEach(function (url, index) {
      var style = index === 0
        ? { color: "#8a8a8a", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 }
        : { color: "#b5aa98", weight: 0.7, fill: false, dashArray: "2 3" };
      var draw = function (data) {
        L.geoJSON(data, { pane: "basemap", style: style, interactive: false }).addTo(map);
      };
      if (H.inlineBasemap && H.inlineBasemap[index]) { draw(H.inlineBasemap[index]); return; }
      fetch(url).then(function (r) { return r.json(); }).then(draw).catch(function () {});
    });
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "hm-legend");
      var rows = H.order.map(function (status) {
        var s = H.styles[status];
        return '<div class="hm-legend-row">' + svg(s, 14) + "<span>" + esc(s.label) + "</span></div>";
      });
      div.innerHTML = '<div class="hm-legend-title">Conservation status</div>' + rows.join("") +
        '<div class="hm-legend-row"><span class="hm-cluster hm-cluster-legend">n</span><span>group of n sites</span></div>' +
        '<div class="hm-legend-row"><span class="hm-legend-mark">' + CONTESTED_MARK + "</span><span>sources disagree</span></div>" +
        '<div class="hm-legend-row">' + svg(H.styles[H.order[0]], 14, "", true) + "<span>location approximate</span></div>";
      return div;
    };
    legend.addTo(map);
  };

  function clusterIcon(count) {
    var size = Math.round(26 + 8 * Math.log10(count));
    return L.divIcon({
      className: "hm-cluster-icon",
      html: '<span class="hm-cluster" style="width:' + size + "px;height:" + size + "px;line-height:" + size + 'px">' + Number(count) + "</span>",
      iconSize: [size, size],
    });
  }

  function clusterTooltip(count, counts) {
    var parts = [];
    H.order.forEach(function (status, code) {
      if (counts[code]) parts.push(counts[code] + " " + esc(H.styles[status].label.toLowerCase()));
    });
    return "<b>" + count + " sites</b><br>" + parts.join(", ") + "<br><i>click to zoom in</i>";
  }

  H.drawSites = function (group, data) {
    (data.outlines || []).forEach(function (outline) {
      L.geoJSON(outline.geometry, {
        style: { color: H.styles[H.order[outline.status]].color, weight: 2, fillOpacity: 0.08 },
        interactive: false,
      }).addTo(group);
    });
    data.clusters.forEach(function (c) {
      var marker = L.marker([c[0], c[1]], { icon: clusterIcon(c[2]), keyboard: true, title: c[2] + " sites" });
      marker.bindTooltip(clusterTooltip(c[2], c[3]));
      marker.on("click", function () {
        var m = group._map;
        if (m) m.setView([c[0], c[1]], Math.min(m.getZoom() + 2, 18));
      });
      marker.addTo(group);
    });
    data.singles.forEach(function (s) {
      siteMarker(s, data.selected !== null && s[3] === data.selected).addTo(group);
    });
  };

  /* One site: [lat, lon, status code, id, name, flags]. Shared by the live map and the briefing. */
  function siteMarker(s, selected) {
    var style = H.styles[H.order[s[2]]];
    var size = selected ? 30 : 18;
    var flags = s[5] || 0;
    var contested = (flags & CONTESTED) !== 0, approximate = (flags & APPROXIMATE) !== 0;
    var icon = L.divIcon({
      className: "hm-site-icon" + (selected ? " hm-selected" : "") + (contested ? " hm-is-contested" : "") +
        (approximate ? " hm-is-approximate" : ""),
      html: svg(style, size, "hm-status-" + H.order[s[2]], approximate) + (contested ? CONTESTED_MARK : ""),
      iconSize: [size, size],
    });
    var marker = L.marker([s[0], s[1]], { icon: icon, keyboard: true, zIndexOffset: selected ? 1000 : 0 });
    var notes = (contested ? " · sources disagree" : "") + (approximate ? " · location approximate" : "");
    marker.bindTooltip(esc(s[4]) + '<br><span class="hm-tip-status">' + esc(style.label + notes) + "</span>");
    return marker;
  }

  /* The briefing has no server to cluster for it: every shown site, clustered in the browser. */
  H.drawAll = function (map, data) {
    var group = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: function (cluster) { return clusterIcon(cluster.getChildCount()); },
    });
    data.singles.forEach(function (s) { group.addLayer(siteMarker(s, s[3] === data.selected)); });
    group.addTo(map);
    if (data.bounds) map.fitBounds(data.bounds, { maxZoom: 14 });
  };
})();
