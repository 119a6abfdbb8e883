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

  /* A text of the page's language, from the labels mapping.py sends (English when absent):
   * label("clusterTitle", "{count} sites", {count: 3}). Placeholders are replaced as text,
   * never through a template literal; the caller escapes the result. */
  function label(key, english, values) {
    var text = (H.labels && H.labels[key]) || english;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(String(values[name])); });
    return text;
  }
  H.label = label;

  /* A hollow shape (outline only, dashed) marks a site placed only approximately. */
  function svg(style, size, extraClass, hollow) {
    var paint = hollow
      ? 'fill="#fff" fill-opacity="0.6" stroke="' + style.color + '" stroke-width="2.5" stroke-dasharray="3 2"'
      : 'fill="' + style.color + '" stroke="' + (style.stroke || "#fff") + '" stroke-width="1.5"';
    return '<svg class="hm-shape ' + (extraClass || "") + '" width="' + size + '" height="' + size +
      '" viewBox="0 0 20 20"><path d="' + style.path + '" ' + paint + "/></svg>";
  }
  var CONTESTED = 1, APPROXIMATE = 2, STALE = 4, CHANGED = 8; /* bits of a marker's flags, as in heritage/dataset.py */
  /* Changed since the compared date: a black "Δ" badge at the marker's top-left corner (not colour alone). */
  function changedMark() {
    return '<span class="hm-changed" aria-hidden="true">\u0394</span>';
  }
  function contestedMark() {
    return '<span class="hm-contested" aria-label="' + esc(label("contested", "sources disagree")) + '">!</span>';
  }
  H.svg = svg;

  /* Leaflet focuses the map on the first mousedown; focusing an iframe scrolls the page that
   * holds it, so the press and the release landed on different spots and the first click on
   * a site was lost. The map is focused first, without scrolling, by a capturing listener (it
   * runs before Leaflet's own), so Leaflet finds it focused and leaves it alone. */
  function focusWithoutScrolling(map) {
    var box = map.getContainer();
    box.addEventListener("mousedown", function () {
      if (document.activeElement !== box) box.focus({ preventScroll: true });
    }, true);
  }

  /* In presenter mode ← and → step through the scenes, also once the map has the focus
   * (it is an iframe: its keys never reach the page that holds the scene buttons). */
  function forwardArrows() {
    document.addEventListener("keydown", function (event) {
      if (!H.arrowsToPage || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
      event.preventDefault();
      event.stopPropagation();
      try {
        var target = window.parent.document.body;
        ["keydown", "keyup"].forEach(function (type) {
          target.dispatchEvent(new KeyboardEvent(type, {
            key: event.key, code: event.code, keyCode: event.keyCode, which: event.which, bubbles: true,
          }));
        });
      } catch (error) { /* another origin: nothing to forward to */ }
    }, true);
  }

  forwardArrows();  // active only while the drawn layer says presenter mode (H.arrowsToPage)

  H.setup = function (map, config) {
    H.map = map;
    focusWithoutScrolling(map);
    H.styles = config.styles;
    H.order = config.order;
    H.labels = config.labels || {};
    H.placeName = config.placeName || "name";  // the basemap's name property in the page's language
    // The map's frame gets a name for screen readers (same origin: the component's own iframe).
    // aria-label, not title: the accessible name wins over the component's technical title,
    // which the tests and Streamlit use to find the frame.
    try {
      var frame = window.frameElement;
      if (frame && H.labels.mapTitle) { frame.setAttribute("aria-label", H.labels.mapTitle); }
    } catch (e) { /* another origin: the page names the frame's region instead */ }
    if (!map.getPane("basemap")) {
      map.createPane("basemap");
      map.getPane("basemap").style.zIndex = 150;
    }
    // The plain word, without Leaflet 1.9's default flag icon: the map carries no symbol we did not choose.
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">Leaflet</a>');
    if (config.compact) {
      // A small map (the site page): no "Leaflet" prefix and the short credit, on one line.
      map.attributionControl.setPrefix(false);
      L.DomUtil.addClass(map.getContainer(), "hm-compact");
      var credit = map.attributionControl.getContainer();
      var creditTip = function () { credit.title = credit.textContent; };  // the whole credit, if cut
      map.on("layeradd", creditTip);
      setTimeout(creditTip, 0);
    }
    map.attributionControl.addAttribution(esc(config.attribution));
    if (!map.getPane("places")) {
      map.createPane("places");  // above tiles and outlines, below the sites
      map.getPane("places").style.zIndex = 350;
      map.getPane("places").style.pointerEvents = "none";
    }
    // Online tiles carry their own place names: ours are hidden once a tile has loaded. Their
    // credit (OpenStreetMap) is shown only from then on: offline, no tile of theirs is on the map.
    map.on("layeradd", function (event) {
      if (event.layer instanceof L.TileLayer) {
        var tileCredit = event.layer.getAttribution && event.layer.getAttribution();
        if (tileCredit) map.attributionControl.removeAttribution(tileCredit);
        event.layer.once("tileload", function () {
          L.DomUtil.addClass(map.getContainer(), "hm-tiles-online");
          if (tileCredit) map.attributionControl.addAttribution(tileCredit);
        });
      }
    });
    (config.basemap || []).forEach(function (url, index) {
      if (/places\.geojson$/.test(url)) {
        if (H.inlineBasemap && H.inlineBasemap[index]) { drawPlaces(map, H.inlineBasemap[index]); return; }
        fetch(url).then(function (r) { return r.json(); }).then(function (data) { drawPlaces(map, data); })
          .catch(function () {});
        return;
      }
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
      // On a small map (the site page's, or any map on a phone) the legend starts folded into its
      // title (a native <details> toggle, keyboard-operable) so it does not cover a third of the
      // map; a click opens it.
      var folded = config.compact || smallScreen();
      var div = L.DomUtil.create(folded ? "details" : "div", "hm-legend");
      L.DomEvent.disableClickPropagation(div);
      var rows = H.order.map(function (status) {
        var s = H.styles[status];
        return '<div class="hm-legend-row">' + svg(s, 14) + "<span>" + esc(s.label) + "</span></div>";
      });
      var title = esc(label("legendTitle", "Conservation status"));
      div.innerHTML = (folded ? '<summary class="hm-legend-title">' + title + "</summary>"
        : '<div class="hm-legend-title">' + title + "</div>") +
        rows.join("") + '<div class="hm-legend-row"><span class="hm-cluster hm-cluster-legend">n</span><span>' +
        esc(label("groupLegend", "group of n sites")) + "</span></div>" +
        '<div class="hm-legend-row"><span class="hm-legend-mark">' + contestedMark() + "</span><span>" +
        esc(label("contested", "sources disagree")) + "</span></div>" +
        '<div class="hm-legend-row">' + svg(H.styles[H.order[0]], 14, "", true) + "<span>" +
        esc(label("approximate", "location approximate")) + "</span></div>" +
        '<div class="hm-legend-row"><span class="hm-legend-mark hm-is-stale">' + svg(H.styles[H.order[0]], 14) +
        "</span><span>" + esc(label("stale", "status stated over 3 years ago")) + "</span></div>" +
        '<div class="hm-legend-row"><span class="hm-legend-mark">' + changedMark() + "</span><span>" +
        esc(label("changed", "changed since the date compared")) + "</span></div>";
      return div;
    };
    legend.addTo(map);
  };

  /* A phone's screen: the page around the map's frame (same origin), else the device. */
  function smallScreen() {
    try { return window.parent.innerWidth < 600; } catch (error) { return window.screen.width < 600; }
  }

  /* A ring cut into one arc per status, each as long as that status's share of the cluster,
   * in the status colours, so damaged and restored sites stand out at country scale. */
  function ring(counts, total) {
    var radius = 15.9155, start = 0, arcs = "";  // circumference 100: dash lengths are percentages
    H.order.forEach(function (status, code) {
      var share = counts && counts[code] ? (100 * counts[code]) / total : 0;
      if (!share) return;
      arcs += '<circle r="' + radius + '" cx="20" cy="20" fill="none" stroke="' + H.styles[status].color +
        '" stroke-width="7" stroke-dasharray="' + share.toFixed(3) + " " + (100 - share).toFixed(3) +
        '" stroke-dashoffset="' + (25 - start).toFixed(3) + '"/>';
      start += share;
    });
    return '<svg class="hm-ring" viewBox="0 0 40 40" aria-hidden="true">' + arcs + "</svg>";
  }

  function clusterIcon(count, counts) {
    var size = Math.round(30 + 8 * Math.log10(count));
    return L.divIcon({
      className: "hm-cluster-icon",
      html: '<span class="hm-cluster" style="width:' + size + "px;height:" + size + 'px">' +
        (counts ? ring(counts, count) : "") +
        '<span class="hm-cluster-count" style="line-height:' + size + 'px">' + Number(count) + "</span></span>",
      iconSize: [size, size],
    });
  }

  /* Server bins can sit closer than their icons are wide: push overlapping icons apart on screen
   * (a few rounds of pairwise repulsion) so that no count hides another. Positions and shifts sit
   * in flat arrays of doubles: a view at a million sites holds up to a thousand clusters, half a
   * million pairs a round. */
  function spread(map, clusters) {
    if (!map || clusters.length < 2) return clusters.map(function () { return [0, 0]; });
    var n = clusters.length, x = new Float64Array(n), y = new Float64Array(n), sizes = new Float64Array(n);
    var sx = new Float64Array(n), sy = new Float64Array(n);
    clusters.forEach(function (c, i) {
      var point = map.latLngToContainerPoint([c[0], c[1]]);
      x[i] = point.x; y[i] = point.y; sizes[i] = 30 + 8 * Math.log10(c[2]);
    });
    for (var round = 0; round < 8; round++) {
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var dx = x[j] + sx[j] - x[i] - sx[i];
          var dy = y[j] + sy[j] - y[i] - sy[i];
          var distance = Math.sqrt(dx * dx + dy * dy) || 0.01;
          var wanted = (sizes[i] + sizes[j]) / 2 + 2;
          if (distance >= wanted) continue;
          var push = (wanted - distance) / 2;
          if (distance === 0.01) { dx = 1; dy = 0; distance = 1; }
          sx[i] -= (push * dx) / distance; sy[i] -= (push * dy) / distance;
          sx[j] += (push * dx) / distance; sy[j] += (push * dy) / distance;
        }
      }
    }
    return clusters.map(function (c, i) { return [sx[i], sy[i]]; });
  }

  /* Town and region names; each shows from the zoom its `rank` says, so more appear as you zoom. */
  function drawPlaces(map, data) {
    var layer = L.layerGroup().addTo(map);
    var labels = (data.features || []).map(function (f) {
      var p = f.properties;
      var icon = L.divIcon({
        className: "hm-place hm-place-" + esc(p.kind),
        html: "<span>" + esc(p[H.placeName] || p.name) + "</span>",
        iconSize: null,
      });
      var marker = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
        icon: icon, interactive: false, keyboard: false, pane: "places",
      });
      return { marker: marker, rank: p.rank };
    });
    function update() {
      var zoom = map.getZoom();
      labels.forEach(function (label) {
        var show = label.rank <= zoom;
        if (show && !layer.hasLayer(label.marker)) layer.addLayer(label.marker);
        if (!show && layer.hasLayer(label.marker)) layer.removeLayer(label.marker);
      });
    }
    map.on("zoomend", update);
    update();
  }

  function clusterTooltip(count, counts) {
    var parts = [];
    H.order.forEach(function (status, code) {
      if (counts[code]) {
        parts.push(esc(label("clusterPart", "{count} {status}", { count: counts[code], status: H.styles[status].label.toLowerCase() })));
      }
    });
    return "<b>" + esc(label("clusterTitle", "{count} sites", { count: count })) + "</b><br>" + parts.join(", ") +
      "<br><i>" + esc(label("clusterHint", "click to zoom in")) + "</i>";
  }

  /* The live map: draw the layer sent with the page, then fetch the layer of every new view from
   * the layer route, so a pan or zoom runs no script on the server. */
  H.drawSites = function (group, data) {
    draw(group, data);
    if (data.layerQuery === undefined) return;  // a map without a route behind it
    var map = group._map || window.map;
    var current = { group: group, query: data.layerQuery, text: null };
    H.current = current;
    if (map && !map.hmFollowsMoves) {
      map.hmFollowsMoves = true;
      map.on("moveend", function () { moved(map); });
    }
    setTimeout(function () { refresh(map, current); }, 0);  // the layer of the map's real size
    setTimeout(followersCatchUp, 0);  // after the component has placed the map (its own setView)
  };

  /* A follower's map drawn by a run that read an older view than the page's event stream already
   * showed takes the stream's view (heritage/ui/live.py's catchUp). */
  function followersCatchUp() {
    try {
      var hub = window.parent.heritageEvents;
      if (hub && hub.catchUp) hub.catchUp();
    } catch (error) { /* another origin */ }
  }

  function moved(map) {
    refresh(map, H.current);
    writeView(map);
  }

  /* The view a link names. Leaflet keeps the map's origin in whole pixels: once the map is resized
   * (one drawn before its frame had its height, after a language switch or a return to the map),
   * its centre reads up to a pixel off the view it was placed at (40.40095 for 40.40000 at zoom 9).
   * Within a pixel of that view the link names the view placed, so it stays the link opened. */
  function viewParam(map) {
    var centre = map.getCenter(), zoom = map.getZoom(), placed = map.hmPlaced;
    if (placed && placed.zoom === zoom && map.project(centre, zoom).distanceTo(map.project(placed.centre, zoom)) < 1) {
      centre = placed.centre;
    }
    return centre.lat.toFixed(5) + "," + centre.lng.toFixed(5) + "," + zoom;
  }

  /* Where the component opens a map drawn afresh (its setView comes right after the layer script):
   * the view placed, until the map is moved (heritage/ui/mapcomponent.py opening_script). */
  H.opensAt = function (map, view) {
    if (map && !map.hmPlaced && view && isView(view.lat, view.lon, view.zoom)) {
      map.hmPlaced = { centre: L.latLng(view.lat, view.lon), zoom: view.zoom };
    }
  };

  /* A view sent by the page (or another page, for a follower) has numbers in all three places. */
  function isView(lat, lon, zoom) {
    return isFinite(lat) && isFinite(lon) && isFinite(zoom);
  }

  /* Put the map at a view, remembered as the view it was placed at (see viewParam). */
  function place(map, lat, lon, zoom) {
    map.hmPlaced = { centre: L.latLng(lat, lon), zoom: zoom };
    map.setView([lat, lon], zoom, { animate: false });
  }

  /* The address bar names the view (a copied link reproduces it), and the server learns it
   * (POST /api/view with the page's token) for the page's next run, or, for a live presenter,
   * to publish it to the followers. Neither runs a script. */
  function writeView(map) {
    var box = map.getContainer();
    if (!box.clientWidth || !box.clientHeight) return;  // a map being replaced, or a page left
    var token = null;
    try {
      var page = window.parent;
      var address = new URL(page.location.href);
      if (address.searchParams.has("follow")) return;  // a follower's link names the live session
      address.searchParams.set("view", viewParam(map));
      page.history.replaceState(page.history.state, "", address.pathname + address.search + address.hash);
      token = page.heritageEvents && page.heritageEvents.data && page.heritageEvents.data.token;
    } catch (error) { return; /* another origin */ }
    if (!token) return;
    var body = new URLSearchParams({ token: token, view: viewParam(map) });
    fetch("/api/view", { method: "POST", body: body, credentials: "same-origin" }).catch(function () {});
  }

  /* Ask the layer route for the map's view and draw the answer. Only the answer to the latest
   * request is drawn (an earlier one arriving late would put back the markers of a view left).
   * The map's box counts the layers asked for and in place, in the window (-shown) and in all
   * (-drawn): data-hm-layer-asked / -shown / -drawn, by which benchmarks/layer.py times a move. */
  function refresh(map, current) {
    if (!map || !current || H.current !== current) return;
    var bounds = map.getBounds();
    var box = [bounds.getSouth(), bounds.getWest(), bounds.getNorth(), bounds.getEast()].map(function (x) {
      return x.toFixed(5);
    });
    var url = "/api/layer?" + (current.query ? current.query + "&" : "") +
      "bbox=" + box.join(",") + "&zoom=" + map.getZoom();
    var asked = (map.hmLayersAsked || 0) + 1, container = map.getContainer();
    map.hmLayersAsked = asked;
    container.setAttribute("data-hm-layer-asked", String(asked));
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (text === null || H.current !== current || map.hmLayersAsked !== asked) return;
        var drawn = function () { container.setAttribute("data-hm-layer-drawn", String(asked)); };
        var unchanged = text === current.text;
        if (!unchanged) {
          current.text = text;
          current.group.clearLayers();
          draw(current.group, JSON.parse(text), drawn);
        }
        container.setAttribute("data-hm-layer-shown", String(asked));
        if (unchanged) drawn();
      })
      .catch(function () { /* offline for a moment: the markers drawn stay */ });
  }

  /* Tell the page's server, once per map, that its first markers are drawn (POST /api/drawn with the
   * page's token): on a page load the server draws the filters and the title bar only then, so that
   * the browser is not busy with them while it draws the map (heritage/ui/firstpaint.py). Sent after
   * the next paint, or after 0.1 s where a hidden page paints nothing. */
  H.announceDrawn = function (map, token) {
    if (!map || !token || map.hmAnnounced) return;
    map.hmAnnounced = true;
    var sent = false;
    var send = function () {
      if (sent) return;
      sent = true;
      var body = new URLSearchParams({ token: token });
      fetch("/api/drawn", { method: "POST", body: body, credentials: "same-origin" }).catch(function () {});
    };
    requestAnimationFrame(function () { setTimeout(send, 0); });
    setTimeout(send, 100);
  };

  /* A followed presenter's new view: the map moves, and fetches its layer as after any move. */
  H.showView = function (lat, lon, zoom) {
    var map = window.map;
    if (map && isView(lat, lon, zoom)) place(map, lat, lon, zoom);
  };

  /* A view the page asked for (a link's, a scene's, a live presenter's, a filter's fit), sent with
   * its request's number (heritage/ui/mapcomponent.py ViewRequest): each number moves the map
   * once, so the same view asked for again after the person panned away moves it back. */
  H.moveTo = function (map, request) {
    if (!map || !request || request.request === H.movedFor) return;
    if (!isView(request.lat, request.lon, request.zoom)) return;
    H.movedFor = request.request;
    var again = function () { place(map, request.lat, request.lon, request.zoom); };
    again();
    // Leaflet drops a move asked for while it animates a zoom (the base map's first fit, a
    // person's wheel): place the map again once that animation is over.
    if (map.getZoom() !== request.zoom) map.once("zoomend", again);
  };

  /* Whether the page that holds the map still shows it. As the viewer moves to another page, the
   * address changes, the map's frame shrinks to nothing and Leaflet says the map moved; a report
   * then would rerun the map's part of a page that is no longer shown, and Streamlit answers
   * with an empty page. */
  var pageAtStart = null;
  try { pageAtStart = window.parent.location.pathname; } catch (e) { /* another origin: size alone */ }
  function stillShown() {
    try {
      if (pageAtStart !== null && window.parent.location.pathname !== pageAtStart) return false;
      var frame = window.frameElement;
      if (frame && (!frame.isConnected || !frame.offsetWidth || !frame.offsetHeight)) return false;
    } catch (e) { /* another origin */ }
    var box = H.map && H.map.getContainer();
    return !box || (box.clientWidth > 0 && box.clientHeight > 0);
  }

  /* What the map tells the page: the site clicked (its id). Nothing once the page is left. */
  function report(value) {
    var S = window.Streamlit;
    if (S && S.setComponentValue && stillShown()) S.setComponentValue(value);
  }
  H.report = report;

  /* Draw a layer: first the markers in the window (and a margin), then, in the next task, so the
   * browser paints those meanwhile, the rest of the padded area a short pan brings into view (at
   * a million sites a layer holds up to a thousand markers, most of them outside the window).
   * `done` runs once every marker is in place; a newer layer drawn into the group first stops the rest. */
  function draw(group, data, done) {
    (data.outlines || []).forEach(function (outline) {
      L.geoJSON(outline.geometry, {
        style: { color: H.styles[H.order[outline.status]].color, weight: 2, fillOpacity: 0.08 },
        interactive: false,
      }).addTo(group);
    });
    var map = group._map || window.map;
    H.arrowsToPage = Boolean(data.arrowsToPage);
    var shifts = spread(map, data.clusters);
    var seen = seenArea(map), later = [], drawing = {};
    group.hmDrawing = drawing;
    function place(point, add) {
      if (!seen || seen.contains([point[0], point[1]])) add(); else later.push(add);
    }
    data.clusters.forEach(function (c, index) { place(c, function () { addCluster(group, c, shifts[index]); }); });
    data.singles.forEach(function (s) {
      place(s, function () { addSite(group, s, data.selected !== null && s[3] === data.selected); });
    });
    showNoMatch(map, data.noMatch);
    setTimeout(function () {
      if (group.hmDrawing !== drawing) return;  // a newer layer took the group
      later.forEach(function (add) { add(); });
      if (done) done();
    }, 0);
  }

  /* The part of the map the person sees, with a margin of an icon; null when the map has no size. */
  function seenArea(map) {
    var size = map && map.getSize(), margin = 60;
    if (!size || !size.x || !size.y) return null;
    return L.latLngBounds(map.containerPointToLatLng([-margin, size.y + margin]),
      map.containerPointToLatLng([size.x + margin, -margin]));
  }

  function addCluster(group, c, shift) {
    var icon = clusterIcon(c[2], c[3]);
    var size = icon.options.iconSize[0];
    icon.options.iconAnchor = [size / 2 - shift[0], size / 2 - shift[1]];
    var count = label("clusterTitle", "{count} sites", { count: c[2] });
    var marker = L.marker([c[0], c[1]], { icon: icon, keyboard: true, title: count, zIndexOffset: c[2] });
    // A cluster announces its count ("12 sites"), as text in an attribute, never HTML.
    marker.on("add", function () { if (marker.getElement()) marker.getElement().setAttribute("aria-label", count); });
    marker.bindTooltip(clusterTooltip(c[2], c[3]));
    marker.on("click", function () {
      var m = group._map;
      if (m) m.setView([c[0], c[1]], Math.min(m.getZoom() + 2, 18));
    });
    marker.addTo(group);
  }

  function addSite(group, s, selected) {
    var marker = siteMarker(s, selected);
    // A click (or Enter) hands the page the site's id, stamped so that a second click counts.
    marker.on("click", function () { report({ site: s[3], at: Date.now() }); });
    marker.addTo(group);
  }

  /* A filter that matches nothing says so on the map, with a one-click way back to every site. */
  function showNoMatch(map, message) {
    var old = document.querySelector(".hm-no-match");
    if (old) old.parentNode.removeChild(old);
    if (!map || !message) return;
    var box = L.DomUtil.create("div", "hm-no-match", map.getContainer());
    box.setAttribute("role", "status");
    var text = L.DomUtil.create("div", "", box);
    text.textContent = message;
    var reset = L.DomUtil.create("button", "hm-no-match-reset", box);
    reset.type = "button";
    reset.textContent = label("showAll", "Show all sites");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.on(reset, "click", function () {
      try {  // the page's reset button, found by its key (its words are in the reader's language)
        var button = window.parent.document.querySelector(".st-key-reset_filters button");
        if (button) button.click();
      } catch (error) { /* another origin */ }
    });
  }

  /* One site: [lat, lon, status code, id, name, flags]. Shared by the live map and the briefing. */
  function siteMarker(s, selected) {
    var style = H.styles[H.order[s[2]]];
    var size = selected ? 30 : 18;
    var flags = s[5] || 0;
    var contested = (flags & CONTESTED) !== 0, approximate = (flags & APPROXIMATE) !== 0;
    var stale = (flags & STALE) !== 0, changed = (flags & CHANGED) !== 0;
    var icon = L.divIcon({
      className: "hm-site-icon" + (selected ? " hm-selected" : "") + (contested ? " hm-is-contested" : "") +
        (approximate ? " hm-is-approximate" : "") + (stale ? " hm-is-stale" : "") + (changed ? " hm-is-changed" : ""),
      html: svg(style, size, "hm-status-" + H.order[s[2]], approximate) + (contested ? contestedMark() : "") +
        (changed ? changedMark() : ""),
      iconSize: [size, size],
    });
    var marker = L.marker([s[0], s[1]], { icon: icon, keyboard: true, zIndexOffset: selected ? 1000 : 0 });
    var notes = (contested ? " · " + label("contested", "sources disagree") : "") +
      (approximate ? " · " + label("approximate", "location approximate") : "") +
      (stale ? " · " + label("stale", "status stated over 3 years ago") : "") +
      (changed ? " · " + label("changed", "changed since the date compared") : "");
    // Who states the status, and when ("stated 2021-05-28 by Trend"): plain text, escaped.
    var stated = s[6] ? label("stated", "stated {date} by {source}", { date: s[6], source: s[7] || "" }) : "";
    marker.bindTooltip(esc(s[4]) + '<br><span class="hm-tip-status">' + esc(style.label + notes) + "</span>" +
      (stated ? '<br><span class="hm-tip-stated">' + esc(stated) + "</span>" : ""));
    // The accessible name of the focusable marker ("Saatli Mosque, restored"), as plain text.
    var name = label("markerName", "{name}, {status}", { name: s[4], status: style.label.toLowerCase() + notes });
    marker.on("add", function () {
      var element = marker.getElement();
      if (!element) return;
      element.setAttribute("aria-label", name);  // setAttribute: the name stays text
      // Enter on a focused site opens its details, as a click does.
      L.DomEvent.on(element, "keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") return;
        L.DomEvent.preventDefault(event);
        marker.fire("click", { latlng: marker.getLatLng(), originalEvent: event });
      });
    });
    return marker;
  }

  /* The briefing has no server to cluster for it: every shown site, clustered in the browser. */
  H.drawAll = function (map, data) {
    var group = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: function (cluster) {
        var counts = H.order.map(function () { return 0; });
        cluster.getAllChildMarkers().forEach(function (m) { counts[m.options.statusCode] += 1; });
        return clusterIcon(cluster.getChildCount(), counts);
      },
    });
    data.singles.forEach(function (s) {
      var marker = siteMarker(s, s[3] === data.selected);
      marker.options.statusCode = s[2];
      group.addLayer(marker);
    });
    group.addTo(map);
    if (data.bounds) map.fitBounds(data.bounds, clearOfLegend(map, { maxZoom: 14 }));
  };

  /* Fit options that keep every site clear of the legend (bottom right), so none hides under it:
   * the sites go left of it on a wide map, above it on a narrow one (a phone), whichever keeps more room. */
  function clearOfLegend(map, options) {
    var legend = map.getContainer().querySelector(".hm-legend");
    var size = map.getSize(), margin = 24;
    var width = legend ? legend.offsetWidth + margin : 0, height = legend ? legend.offsetHeight + margin : 0;
    var besideKeeps = (size.x - width) / size.x, aboveKeeps = (size.y - height) / size.y;
    options.paddingTopLeft = [margin, margin];
    options.paddingBottomRight = besideKeeps >= aboveKeeps ? [width, margin] : [margin, height];
    return options;
  }
})();
