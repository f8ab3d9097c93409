/**
 * The script report.html runs: it reads the chart data from `#funnelstorm-data` and draws each chart with
 * uPlot (inlined before it), shading fault windows on time charts. When done it sets
 * `window.funnelstormCharts` to each chart's id and number of points drawn, which the browser test reads.
 * Plain ES2017 as text: the page has no build step and no network.
 */
export const htmlReportScript = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('funnelstorm-data').textContent);
  var drawn = [];
  function shade(u) {
    var ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = 'rgba(198, 40, 40, 0.12)';
    data.windows.forEach(function (w) {
      var left = u.valToPos(w.fromSeconds, 'x', true);
      var right = u.valToPos(w.toSeconds, 'x', true);
      var from = Math.max(u.bbox.left, left);
      var to = Math.min(u.bbox.left + u.bbox.width, right);
      if (to > from) ctx.fillRect(from, u.bbox.top, to - from, u.bbox.height);
    });
    ctx.restore();
  }
  data.charts.forEach(function (chart) {
    var box = document.createElement('section');
    box.className = 'chart';
    var heading = document.createElement('h3');
    heading.textContent = chart.title;
    box.appendChild(heading);
    document.getElementById('charts').appendChild(box);
    var isTime = chart.xKind === 'time';
    var opts = {
      width: Math.min(960, document.body.clientWidth - 32),
      height: 260,
      scales: { x: { time: false } },
      axes: [
        {
          label: isTime ? 'virtual time (s)' : 'percentile',
          values: isTime
            ? undefined
            : function (u, splits) {
                return splits.map(function (v) {
                  return chart.xLabels[v] === undefined ? '' : chart.xLabels[v];
                });
              },
        },
        { label: chart.yUnit },
      ],
      series: [{ label: isTime ? 's' : 'percentile' }].concat(
        chart.series.map(function (s) {
          return { label: s.label, stroke: s.color, width: 1.5, dash: s.dash ? [6, 4] : undefined, points: { show: false } };
        }),
      ),
      hooks: isTime ? { drawClear: [shade] } : {},
    };
    var values = [chart.xs].concat(chart.series.map(function (s) { return s.values; }));
    new uPlot(opts, values, box);
    var points = chart.series.reduce(function (sum, s) {
      return sum + s.values.filter(function (v) { return v !== null; }).length;
    }, 0);
    drawn.push({ id: chart.id, points: points });
  });
  window.funnelstormCharts = drawn;
})();
`;
