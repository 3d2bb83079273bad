// diligence report: draws lazy proofs and timelines from the embedded JSON, sorts and
// filters the tables, opens what is printed. Data values are set with textContent only.
(function () {
  "use strict";
  document.documentElement.className = "js";
  var D = null;
  function data() {
    if (!D) D = JSON.parse(document.getElementById("report-data").textContent);
    return D;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function stateName(id) {
    var n = data().states[id];
    return n && n !== id ? n + " (" + id + ")" : id;
  }
  var STATE_COLS = ["state", "injured", "victim", "by", "to", "requester", "known_by", "against"];
  function sentence(rel, values) {
    var name = rel[0], cols = rel[1], tpl = rel[2];
    if (!tpl) {
      var atom = name + "(" + values.join(", ") + ")";
      return rel[3] ? atom + ": " + rel[3] : atom;
    }
    // `{col?text}`: text only when the column has a value (as src/sentences.rs fills it).
    tpl = tpl.replace(/\{(\w+)\?((?:[^{}]|\{\w+\})*)\}/g, function (_, col, text) {
      var k = cols.indexOf(col);
      return k >= 0 && values[k] !== "" ? text : "";
    });
    for (var k = 0; k < cols.length; k++) {
      var v = values[k];
      var f = v === "" ? "" : (STATE_COLS.indexOf(cols[k]) >= 0 ? stateName(v) : v);
      tpl = tpl.split("{" + cols[k] + "}").join(f);
    }
    return tpl.split("`").join("");
  }
  function badge(cls, text) { return el("span", "b " + cls, text); }
  // One proof node: a leaf for input rows, nested <details> for derived rows whose
  // children are drawn when first opened.
  function node(id, open) {
    var d = data(), n = d.nodes[id], rel = d.rels[n[0]];
    var atom = el("code", "atom", rel[0] + "(" + n[1].join(", ") + ")");
    if (n[2] < 0) {
      var leaf = el("div", "leaf");
      if (n[2] === -2) {
        leaf.appendChild(el("code", "atom", "profile"));
        leaf.appendChild(document.createTextNode(" "));
        leaf.appendChild(badge("st-input", "profile"));
        leaf.appendChild(document.createTextNode(" "));
        var a = el("a", "src", d.profile[0] + " (as of " + d.profile[1] + ")");
        a.href = "#profile";
        leaf.appendChild(a);
      } else {
        leaf.appendChild(atom);
        leaf.appendChild(document.createTextNode(" "));
        leaf.appendChild(badge("st-input", "input"));
        leaf.appendChild(document.createTextNode(" "));
        leaf.appendChild(el("span", "src", n[4]));
      }
      return leaf;
    }
    var clause = d.clauses[n[2]], rule = d.rules[clause[0]];
    var det = el("details", "pn");
    var sum = el("summary");
    sum.appendChild(atom);
    sum.appendChild(document.createTextNode(" "));
    sum.appendChild(badge("rule", rule[0]));
    sum.appendChild(document.createTextNode(" "));
    sum.appendChild(badge("st-" + rule[1], rule[1]));
    sum.appendChild(document.createTextNode(" "));
    sum.appendChild(el("span", "src", rule[2]));
    det.appendChild(sum);
    det.appendChild(el("p", "sent", sentence(rel, n[1])));
    det.appendChild(el("p", "mean", rule[0] + ": " + rule[3]));
    if (clause[1]) det.appendChild(el("p", "note", clause[1]));
    var filled = false;
    function fill() {
      if (filled) return;
      filled = true;
      var ul = el("ul");
      n[3].forEach(function (s) {
        var li;
        if (typeof s === "number") { li = el("li"); li.appendChild(node(s, false)); }
        else li = el("li", "cond", s);
        ul.appendChild(li);
      });
      det.appendChild(ul);
    }
    det.addEventListener("toggle", function () { if (det.open) fill(); });
    if (open) { fill(); det.open = true; }
    return det;
  }

  // An incident's timeline, drawn as src/report/svg.rs `timeline` draws the inline ones.
  var NS = "http://www.w3.org/2000/svg";
  function fmt(secs) {
    if (secs === null || Math.abs(secs) > 1e14) return "";
    var iso = new Date(secs * 1000).toISOString();
    var s = iso.slice(0, 16), sec = iso.slice(17, 19);
    return (sec === "00" ? s : s + ":" + sec) + "Z";
  }
  function shortTime(secs) {
    var s = fmt(secs);
    if (s.slice(-7) === "T00:00Z") s = s.slice(0, -7);
    return s.replace("T", " ").replace("Z", "");
  }
  function trunc(s, n) { return s.length <= n ? s : s.slice(0, n - 1) + "…"; }
  var EVENT_COLOUR = { notification: "#1f5fa8", assistance_request: "#1f5fa8", detection: "#7a3fa0",
    public_report: "#7a3fa0", knowledge: "#7a3fa0", measure: "#2e7d32", warning: "#2e7d32",
    mla_response: "#2e7d32", compensation: "#2e7d32", satisfaction: "#2e7d32", mla_request: "#00838f", concern: "#b8640b",
    cm_notice: "#b8640b" };
  function svgEl(parent, tag, attrs, text) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function timeline(t) {
    var inc = t[0], title = t[1], start = t[2], end = t[3], asOf = t[4], events = t[5], lanes = t[6];
    var times = [start, asOf];
    if (end !== null && end <= asOf) times.push(end);
    events.forEach(function (m) { times.push(m[0]); });
    lanes.forEach(function (l) { times.push(l[3], l[4]); l[6].forEach(function (m) { times.push(m[0]); }); });
    times.sort(function (a, b) { return a - b; });
    times = times.filter(function (x, i) { return i === 0 || x !== times[i - 1]; });
    var left = 190, step = 86;
    function x(tm) { var k = 0; while (k < times.length && times[k] < tm) k++; return left + step * k; }
    var right = x(times[times.length - 1]), width = right + 200;
    var stack = {}, pos = [];
    events.forEach(function (m) { var ex = x(m[0]); stack[ex] = (stack[ex] || 0) + 1; pos.push([ex, stack[ex] - 1]); });
    var evRows = 1;
    for (var k in stack) evRows = Math.max(evRows, stack[k]);
    var yInc = 28, yEv = 52, yLanes = yEv + 16 * evRows + 18, laneH = 34;
    var yAxis = yLanes + laneH * lanes.length + 8, height = yAxis + 80;
    var svg = svgEl(null, "svg", { "class": "timeline", width: width, height: height,
      viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": "Timeline of incident " + inc + ": " + events.length + " events, " + lanes.length + " duty windows" });
    svgEl(svg, "title", {}, "Timeline of " + inc + " (" + title + ")");
    times.forEach(function (tm, k) {
      var gx = left + step * k;
      svgEl(svg, "line", { x1: gx, y1: yInc - 12, x2: gx, y2: yAxis, "class": "grid" });
      svgEl(svg, "text", { transform: "translate(" + gx + "," + (yAxis + 12) + ") rotate(35)", "class": "tick" }, shortTime(tm));
    });
    var endX = end !== null && end <= asOf ? x(end) : right;
    svgEl(svg, "text", { x: 4, y: yInc + 9, "class": "lane" }, "incident " + trunc(inc, 20));
    var span = svgEl(svg, "rect", { x: x(start), y: yInc, width: Math.max(endX - x(start), 4), height: 10, "class": "span" });
    svgEl(span, "title", {}, title + ": " + fmt(start) + " to " + (end === null ? "ongoing" : fmt(end)));
    svgEl(svg, "text", { x: 4, y: yEv + 4, "class": "lane" }, "events");
    function mark(m, mx, my, colour, label) {
      var c = svgEl(svg, "circle", { cx: mx, cy: my, r: 5, fill: colour });
      svgEl(c, "title", {}, fmt(m[0]) + " " + m[1] + " " + m[2] + (m[3] ? " (" + m[3] + ")" : ""));
      if (label) svgEl(svg, "text", { x: mx + 7, y: my + 4, "class": "ml" }, trunc(m[1].split("_").join(" ") + " " + m[2], 28));
    }
    events.forEach(function (m, i) { mark(m, pos[i][0], yEv + 16 * pos[i][1], EVENT_COLOUR[m[1]] || "#555", true); });
    var OUT = { breach: ["breach: window missed", "bad"], concern: ["concern: window missed", "warn"],
      met: ["met in the window", "good"], open: ["window open at as_of", "neutral"] };
    lanes.forEach(function (l, k) {
      var y = yLanes + laneH * k, x0 = x(l[3]), x1 = x(l[4]);
      var o = OUT[l[5]] || ["no breach (excused)", "neutral"];
      svgEl(svg, "text", { x: 4, y: y + 11, "class": "lane" }, trunc(l[0], 12) + " " + l[1]);
      svgEl(svg, "text", { x: 4, y: y + 23, "class": "lanes" }, l[2]);
      var w = svgEl(svg, "rect", { x: x0, y: y, width: Math.max(x1 - x0, 3), height: 14, "class": "win " + o[1] });
      svgEl(w, "title", {}, l[0] + " " + l[1] + " window " + fmt(l[3]) + " to " + fmt(l[4]) + " (" + o[0] + ")");
      svgEl(svg, "text", { x: right + 10, y: y + 11, "class": "out " + o[1] }, o[0]);
      l[6].forEach(function (m) {
        var mx = x(m[0]);
        var colour = m[1] === "knowledge" ? "#7a3fa0" : m[0] <= l[4] ? "#2e7d32" : "#b3261e";
        mark(m, mx, y + 7, colour, false);
        svgEl(svg, "text", { x: mx + 7, y: y + 25, "class": "ml" }, trunc(m[1] === "knowledge" ? m[2] : m[1], 18));
      });
    });
    var ax = x(asOf);
    svgEl(svg, "line", { x1: ax, y1: yInc - 14, x2: ax, y2: yAxis, "class": "asof" });
    svgEl(svg, "text", { x: ax + 3, y: yInc - 6, "class": "asofl" }, "as of");
    return svg;
  }
  function drawLazy(det) {
    if (det.getAttribute("data-lazy") !== "1") return;
    det.setAttribute("data-lazy", "done");
    var lazy = det.querySelector(".lazy");
    if (lazy) lazy.remove();
    if (det.classList.contains("pf")) {
      det.appendChild(node(+det.getAttribute("data-n"), true));
    } else if (det.classList.contains("tl")) {
      var t = data().timelines[det.getAttribute("data-k")];
      if (t) det.appendChild(timeline(t));
    }
  }
  document.addEventListener("toggle", function (e) {
    var t = e.target;
    if (t.tagName === "DETAILS" && t.open) drawLazy(t);
  }, true);
  // Sorting: click a column header; click again to reverse.
  function cellText(tr, k) { var c = tr.cells[k]; return c ? c.textContent : ""; }
  document.querySelectorAll("table.rows").forEach(function (table) {
    var ths = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(ths, function (th) {
      var btn = th.querySelector("button.sort");
      if (!btn) return;
      btn.addEventListener("click", function () {
        var k = +th.getAttribute("data-col");
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        Array.prototype.forEach.call(ths, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var keyed = rows.map(function (r, i) { return [cellText(r, k), i, r]; });
        keyed.sort(function (a, b) {
          var c = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1];
          return dir * c;
        });
        var frag = document.createDocumentFragment();
        keyed.forEach(function (x) { frag.appendChild(x[2]); });
        body.appendChild(frag);
      });
    });
  });
  // Filtering by state and incident.
  document.querySelectorAll(".ctl").forEach(function (ctl) {
    var table = document.getElementById(ctl.getAttribute("data-table"));
    var fs = ctl.querySelector(".fs"), fi = ctl.querySelector(".fi"), shown = ctl.querySelector(".shown");
    function apply() {
      var s = fs.value, q = fi.value.trim().toLowerCase(), n = 0, rows = table.tBodies[0].rows;
      for (var k = 0; k < rows.length; k++) {
        var r = rows[k];
        var ok = (!s || r.getAttribute("data-s") === s) &&
          (!q || r.getAttribute("data-i").toLowerCase().indexOf(q) >= 0);
        r.hidden = !ok;
        if (ok) n++;
      }
      shown.textContent = n + " of " + rows.length + " rows shown";
    }
    fs.addEventListener("change", apply);
    fi.addEventListener("input", apply);
    apply();
  });
  // Following a link to an incident opens its timeline.
  function openHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var t = id && document.getElementById(id);
    if (t && t.tagName === "DETAILS") { t.open = true; drawLazy(t); }
  }
  window.addEventListener("hashchange", openHash);
  openHash();
  // Printing: open the timelines and each row's legal argument (its full proof prints as
  // far as the reader opened it), not the lazy ones.
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details.tl:not([data-lazy]), details.why");
    if (all.length < 5000) all.forEach(function (d) { d.open = true; });
  });
})();
