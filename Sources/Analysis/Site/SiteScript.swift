/// The report's script, `report.js`: draws each figure of a spec page with dygraphs from the
/// page's embedded data (median line and band per curve), with log axes switchable, x as
/// iteration or wall time for series, hover values, drag-to-zoom, curves toggled from the
/// legend, and a click on a point listing the runs behind it with their provenance.
enum SiteScript {
    static let source = #"""
    "use strict";
    (function () {
      const holder = document.getElementById("site-data");
      if (!holder) { return; }
      const data = JSON.parse(holder.textContent);
      const colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                      "#7f7f7f", "#bcbd22"];
      window.reproCharts = [];

      function format(v) {
        if (v === null || v === undefined || !isFinite(v)) { return "–"; }
        const a = Math.abs(v);
        if (a !== 0 && (a >= 1e5 || a < 1e-3)) { return v.toExponential(3); }
        return String(Number(v.toPrecision(4)));
      }

      // Tick labels: 1e-6, 0.01, 250, 1.5e+4.
      function tick(v) {
        const a = Math.abs(v);
        if (a !== 0 && (a >= 1e5 || a < 1e-3)) { return v.toExponential(2).replace(/\.?0+e/, "e"); }
        return String(Number(v.toPrecision(3)));
      }

      // A ticker: on a log axis, powers of ten (every k-th when they would crowd); otherwise
      // dygraphs' own.
      function ticker(isLog) {
        return function (min, max, pixels, opts, graph, values) {
          if (!isLog() || !(min > 0)) { return Dygraph.numericTicks(min, max, pixels, opts, graph, values); }
          const lo = Math.floor(Math.log10(min)), hi = Math.ceil(Math.log10(max));
          const step = Math.max(1, Math.ceil((hi - lo + 1) / Math.max(2, Math.floor(pixels / 35))));
          const ticks = [];
          for (let k = lo; k <= hi; k += step) {
            const v = Math.pow(10, k);
            if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) { ticks.push({ v: v, label: tick(v) }); }
          }
          return ticks.length >= 2 ? ticks : Dygraph.numericTicks(min, max, pixels, opts, graph, values);
        };
      }

      function element(tag, attributes, text) {
        const e = document.createElement(tag);
        for (const [k, v] of Object.entries(attributes || {})) { e.setAttribute(k, v); }
        if (text !== undefined) { e.textContent = text; }
        return e;
      }

      // Rows for dygraphs: one per distinct x over all curves; a curve without a point at
      // that x gets null (skipped), a point whose median is missing NaN (a gap in the line).
      function rows(figure, state) {
        const byX = new Map();
        const banded = figure.band !== "none";
        figure.curves.forEach(function (curve, i) {
          const scale = state.time ? curve.secondsPerStep : 1;
          for (const p of curve.points) {
            const x = p[0] * scale;
            if (state.logX && !(x > 0)) { continue; }
            const clean = function (v) { return v === null || (state.logY && !(v > 0)) ? NaN : v; };
            const low = clean(p[1]), median = clean(p[2]), high = clean(p[3]);
            let row = byX.get(x);
            if (!row) { row = new Array(figure.curves.length).fill(null); byX.set(x, row); }
            row[i] = banded ? [isNaN(low) ? median : low, median, isNaN(high) ? median : high] : median;
          }
        });
        return Array.from(byX.keys()).sort(function (a, b) { return a - b; })
          .map(function (x) { return [x].concat(byX.get(x)); });
      }

      function xLabel(figure, state) {
        return state.time ? "wall time, s (iteration × the curve's median seconds per iteration)" : figure.xLabel;
      }

      function xAxis(figure, state) {
        const axis = { logscale: state.logX };
        if (figure.categories) {
          const names = figure.categories;
          const name = function (x) { return names[Math.round(x)] !== undefined ? names[Math.round(x)] : ""; };
          axis.valueFormatter = name;
          axis.axisLabelFormatter = name;
          axis.ticker = function (min, max) {
            return names.map(function (n, i) { return { v: i, label: n }; })
              .filter(function (t) { return t.v >= min - 1e-9 && t.v <= max + 1e-9; });
          };
        } else {
          axis.valueFormatter = format;
          axis.axisLabelFormatter = tick;
          axis.ticker = ticker(function () { return state.logX; });
        }
        return axis;
      }

      function showRuns(section, figure, curveIndex, x) {
        const panel = section.querySelector(".provenance");
        const curve = figure.curves[curveIndex];
        const members = curve.members.filter(function (m) { return figure.series || m.x === x; });
        panel.replaceChildren();
        const at = figure.series ? "" : " at " + figure.xLabel + " = " +
          (figure.categories ? figure.categories[Math.round(x)] : format(x));
        panel.appendChild(element("p", {}, curve.label + at + ": " + members.length + " run(s)"));
        const table = element("table", { "class": "runs" });
        const head = ["run", "point", "replicate", "status", "wall s", "started", "repro", "commit", "BLAS", "core",
                      "threads", "host", "OS", "seeds (instance, algorithm)"];
        const tr = element("tr");
        for (const h of head) { tr.appendChild(element("th", {}, h)); }
        table.appendChild(tr);
        for (const m of members) {
          const r = data.runs[m.run];
          const cells = [r.key.slice(0, 12), r.point, String(r.replicate), r.status + (r.message ? ": " + r.message : ""),
                         format(r.wallSeconds), r.startedAt, r.reproVersion,
                         (r.gitCommit ? r.gitCommit.slice(0, 12) : "-") + (r.gitDirty ? " (dirty)" : ""),
                         r.blas, r.blasCore, String(r.blasThreads), r.host, r.os, r.instanceSeed + ", " + r.algorithmSeed];
          const row = element("tr", { "data-run": r.key });
          cells.forEach(function (c, i) {
            const td = element("td", {}, c);
            if (i === 0) { td.title = r.key; }
            row.appendChild(td);
          });
          table.appendChild(row);
        }
        panel.appendChild(table);
        panel.hidden = false;
      }

      function draw(section) {
        const figure = data.figures[Number(section.dataset.figure)];
        const chart = section.querySelector(".chart");
        if (figure.curves.every(function (c) { return c.points.length === 0; })) {
          chart.replaceWith(element("p", { "class": "empty" }, "No stored runs to draw yet."));
          section.dataset.drawn = "empty";
          return;
        }
        const state = { logX: figure.logX, logY: figure.logY, time: false };
        const timeAvailable = figure.series && figure.curves.every(function (c) {
          return c.points.length === 0 || (c.secondsPerStep !== null && c.secondsPerStep > 0);
        });
        const labels = ["x"].concat(figure.curves.map(function (c) { return c.label; }));
        const graph = new Dygraph(chart, rows(figure, state), {
          labels: labels,
          colors: figure.curves.map(function (_, i) { return colors[i % colors.length]; }),
          customBars: figure.band !== "none",
          fillAlpha: 0.18,
          logscale: state.logY,
          axes: { x: xAxis(figure, state), y: { valueFormatter: format, axisLabelFormatter: tick, axisLabelWidth: 60,
                                                     ticker: ticker(function () { return state.logY; }) } },
          xlabel: xLabel(figure, state),
          ylabel: figure.yLabel,
          drawPoints: !figure.series,
          pointSize: 3,
          strokeWidth: 1.6,
          highlightCircleSize: 4,
          legend: "always",
          labelsDiv: section.querySelector(".hover"),
          labelsSeparateLines: false,
          pointClickCallback: function (event, point) {
            showRuns(section, figure, labels.indexOf(point.name) - 1, point.xval);
          },
        });
        window.reproCharts.push(graph);
        section.dataset.drawn = "true";

        const controls = section.querySelector(".controls");
        function toggle(name, text, disabled) {
          const label = element("label");
          const box = element("input", { type: "checkbox", "class": "toggle-" + name });
          box.checked = state[name];
          box.disabled = Boolean(disabled);
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + text));
          box.addEventListener("change", function () {
            state[name] = box.checked;
            graph.updateOptions({ file: rows(figure, state), logscale: state.logY,
                                  axes: { x: xAxis(figure, state) }, xlabel: xLabel(figure, state) });
            graph.resetZoom();
          });
          controls.appendChild(label);
        }
        toggle("logX", "log x", Boolean(figure.categories));
        toggle("logY", "log y");
        if (timeAvailable) { toggle("time", "x as wall time"); }
        const reset = element("button", { type: "button", "class": "reset-zoom" }, "reset zoom");
        reset.addEventListener("click", function () { graph.resetZoom(); });
        controls.appendChild(reset);

        const legend = section.querySelector(".legend");
        figure.curves.forEach(function (curve, i) {
          const item = element("li");
          const button = element("button", { type: "button", "class": "legend-entry", "data-curve": String(i),
                                             title: "hide or show this curve" });
          const swatch = element("span", { "class": "swatch" });
          swatch.style.background = colors[i % colors.length];
          button.appendChild(swatch);
          button.appendChild(document.createTextNode(curve.label + " (" + curve.members.length + " runs)"));
          button.addEventListener("click", function () {
            const visible = !graph.visibility()[i];
            // With no curve left, dygraphs would fall back to a y range of [0, 1.1], which a
            // log axis cannot show: the range in view is kept while every curve is hidden.
            const others = graph.visibility().some(function (v, j) { return v && j !== i; });
            if (!visible && !others) { graph.updateOptions({ valueRange: graph.yAxisRange() }); }
            graph.setVisibility(i, visible);
            if (visible && !others) { graph.updateOptions({ valueRange: null }); }
            button.classList.toggle("off", !visible);
          });
          item.appendChild(button);
          legend.appendChild(item);
        });
      }

      document.querySelectorAll("section.figure").forEach(draw);
    })();
    """#
}
