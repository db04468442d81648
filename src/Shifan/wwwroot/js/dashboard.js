// Draws the dashboard's charts from the figures the server embedded in <script type="application/json"
// id="dashboard-charts">: every number, label and colour comes from the server; each chart has a table beside it.
// ECharts (restored from npm by the build into /lib) is loaded only on pages that have charts.
(function () {
  function draw() {
    var data = document.getElementById('dashboard-charts');
    if (!data) return;
    var charts = JSON.parse(data.textContent || '{}');
    var run = function () {
      document.querySelectorAll('[data-chart]').forEach(function (el) {
        var spec = charts[el.getAttribute('data-chart')];
        if (!spec) return;
        var old = window.echarts.getInstanceByDom(el);
        if (old) old.dispose();
        window.echarts.init(el, null, { renderer: 'svg' }).setOption(option(spec));
      });
      document.documentElement.setAttribute('data-charts-drawn', 'true');
    };
    if (window.echarts) run();
    else {
      var s = document.createElement('script');
      s.src = '/lib/echarts/echarts.min.js';
      s.onload = run;
      document.head.appendChild(s);
    }
  }

  function option(spec) {
    var base = { animation: false, tooltip: { trigger: spec.Kind === 'pie' ? 'item' : 'axis' }, legend: { top: 0 } };
    if (spec.Kind === 'pie') {
      var colors = spec.Series[0].Color.split(',');
      base.series = [{ type: 'pie', radius: ['35%', '65%'], top: 24, label: { formatter: '{b}：{c}' },
        data: spec.Categories.map(function (c, i) { return { name: c, value: spec.Series[0].Data[i], itemStyle: { color: colors[i] } }; }) }];
      return base;
    }
    base.grid = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };
    base.xAxis = { type: 'category', data: spec.Categories, axisLabel: { interval: 0, rotate: spec.Categories.length > 6 ? 30 : 0 } };
    base.yAxis = { type: 'value', minInterval: 1 };
    base.series = spec.Series.map(function (s) {
      return { name: s.Name, type: spec.Kind === 'line' ? 'line' : 'bar', stack: spec.Kind === 'stack' ? 'all' : undefined, data: s.Data, itemStyle: { color: s.Color }, lineStyle: { color: s.Color } };
    });
    return base;
  }

  document.addEventListener('DOMContentLoaded', draw);
  if (window.Blazor) window.Blazor.addEventListener('enhancedload', draw);
  else document.addEventListener('DOMContentLoaded', function () { if (window.Blazor) window.Blazor.addEventListener('enhancedload', draw); });
})();
