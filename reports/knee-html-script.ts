/**
 * The script knee.html runs: it reads the charts from `#funnelstorm-knee-data` and draws each plan's chart
 * with uPlot (inlined before it) — orders/s and the plan's ceiling (dashed) on the left axis, p99 on the
 * right, a vertical line at the knee and a ring at the recommended point. When done it sets
 * `window.funnelstormKnee` to what each chart drew (points; the knee's x, the ceiling's y and the recommended
 * point in canvas pixels), which
 * the browser test reads. Plain ES2017 as text: the page has no build step and no network.
 */
export const kneeHtmlScript = String.raw`
(function () {
  var charts = JSON.parse(document.getElementById('funnelstorm-knee-data').textContent);
  var drawn = [];
  charts.forEach(function (chart, index) {
    var box = document.getElementById('knee-chart-' + index);
    var record = { plan: chart.plan, points: chart.xs.length, ceiling: chart.ceilingOrdersPerSecond, kneeX: chart.kneeX, kneePixelX: null, recommendedPixel: null, ceilingPixelY: null };
    function mark(u) {
      var ctx = u.ctx;
      ctx.save();
      record.ceilingPixelY = Math.round(u.valToPos(chart.ceilingOrdersPerSecond, 'y', true));
      if (chart.kneeX !== undefined) {
        var x = Math.round(u.valToPos(chart.kneeX, 'x', true));
        ctx.strokeStyle = '#d81b60';
        ctx.lineWidth = 2 * devicePixelRatio;
        ctx.setLineDash([]);
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.fillStyle = '#d81b60';
        ctx.font = 12 * devicePixelRatio + 'px sans-serif';
        ctx.fillText('knee ' + chart.kneeX, x + 4 * devicePixelRatio, u.bbox.top + 14 * devicePixelRatio);
        record.kneePixelX = x;
      }
      var r = chart.xs.indexOf(chart.recommendedX);
      if (r >= 0) {
        var cx = u.valToPos(chart.xs[r], 'x', true);
        var cy = u.valToPos(chart.ordersPerSecond[r], 'y', true);
        ctx.strokeStyle = '#2e7d32';
        ctx.lineWidth = 2 * devicePixelRatio;
        ctx.beginPath();
        ctx.arc(cx, cy, 7 * devicePixelRatio, 0, 2 * Math.PI);
        ctx.stroke();
        record.recommendedPixel = [Math.round(cx), Math.round(cy)];
      }
      ctx.restore();
    }
    var opts = {
      width: Math.min(960, document.body.clientWidth - 32),
      height: 320,
      scales: {
        x: chart.logX ? { time: false, distr: 3, log: 2 } : { time: false },
        y: { range: function (u, min, max) { return [0, Math.max(max, chart.ceilingOrdersPerSecond) * 1.1]; } },
        p99: { range: function (u, min, max) { return [0, max * 1.1]; } },
      },
      axes: [
        { label: 'concurrency (workers)' },
        { label: 'orders/s', scale: 'y' },
        { label: 'p99 (' + chart.p99Unit + ')', scale: 'p99', side: 1, grid: { show: false } },
      ],
      series: [
        { label: 'workers' },
        { label: 'orders/s', stroke: '#1565c0', width: 2, scale: 'y' },
        { label: 'ceiling', stroke: '#9e9e9e', width: 1.5, dash: [6, 4], scale: 'y', points: { show: false } },
        { label: 'p99 (' + chart.p99Unit + ')', stroke: '#ff8f00', width: 2, scale: 'p99' },
      ],
      hooks: { draw: [mark] },
    };
    var ceiling = chart.xs.map(function () { return chart.ceilingOrdersPerSecond; });
    new uPlot(opts, [chart.xs, chart.ordersPerSecond, ceiling, chart.p99], box);
    drawn.push(record);
  });
  window.funnelstormKnee = drawn;
})();
`;
