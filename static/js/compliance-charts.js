// Charts of the compliance dashboard (/admin/supervision). Each
// <figure data-chart="bar|hbar|pie"> holds the table the chart is drawn
// from: the table is what people see without JavaScript, and stays under
// the chart as its accessible version. Header cells name the series; each
// row's <th> is a category and its <td data-value> the numbers (cells
// marked data-skip are not drawn).
(function () {
  'use strict';
  if (typeof window.echarts === 'undefined') return;

  const COLORS = ['#b31b1b', '#0b4f9c', '#e0a100', '#2b8a3e', '#7048e8', '#868e96', '#d9480f', '#1098ad'];

  function readTable(table) {
    const heads = Array.from(table.querySelectorAll('thead th'))
      .slice(1)
      .filter((th) => !th.hasAttribute('data-skip'))
      .map((th) => th.textContent.trim());
    const categories = [];
    const series = heads.map((name) => ({ name, data: [] }));
    for (const tr of table.querySelectorAll('tbody tr')) {
      const th = tr.querySelector('th');
      categories.push(th ? th.textContent.trim() : '');
      const cells = Array.from(tr.querySelectorAll('td')).filter((td) => !td.hasAttribute('data-skip'));
      cells.forEach((td, i) => {
        if (!series[i]) return;
        const n = Number(td.dataset.value ?? td.textContent.trim());
        series[i].data.push(Number.isFinite(n) ? n : 0);
      });
    }
    return { categories, series };
  }

  function option(kind, data) {
    const base = {
      color: COLORS,
      textStyle: { fontFamily: '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif' },
      tooltip: { trigger: kind === 'pie' ? 'item' : 'axis' },
      animation: false,
    };
    if (kind === 'pie') {
      const s = data.series[0] || { data: [] };
      return Object.assign(base, {
        legend: { type: 'scroll', bottom: 0 },
        series: [{
          type: 'pie', name: s.name, radius: ['35%', '62%'], center: ['50%', '45%'],
          label: { formatter: '{b}\n{c}件' },
          // Slices of 0 would only crowd the labels; the table lists them.
          data: data.categories.map((name, i) => ({ name, value: s.data[i] })).filter((d) => d.value > 0),
        }],
      });
    }
    const horizontal = kind === 'hbar';
    const categoryAxis = {
      type: 'category', data: data.categories,
      axisLabel: { interval: 0, width: horizontal ? 110 : undefined, overflow: 'truncate' },
    };
    const valueAxis = { type: 'value', minInterval: 1 };
    if (horizontal) categoryAxis.inverse = true;
    return Object.assign(base, {
      legend: data.series.length > 1 ? { top: 0 } : undefined,
      grid: { left: 8, right: 24, top: data.series.length > 1 ? 32 : 16, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: data.series.map((s) => ({
        type: 'bar', name: s.name, data: s.data, stack: horizontal ? 'total' : undefined,
        label: { show: !horizontal, position: 'top' },
        barMaxWidth: 36,
      })),
    });
  }

  const charts = [];
  for (const figure of document.querySelectorAll('figure[data-chart]')) {
    const table = figure.querySelector('table');
    const box = figure.querySelector('.chart-canvas');
    if (!table || !box) continue;
    const data = readTable(table);
    if (data.categories.length === 0) continue;
    const kind = figure.dataset.chart;
    box.hidden = false;
    if (kind === 'hbar') {
      // One bar per unit: the chart grows with the list.
      box.classList.add('tall');
      box.style.height = `${Math.max(220, 36 + data.categories.length * 30)}px`;
    }
    const chart = window.echarts.init(box, null, { renderer: 'svg' });
    chart.setOption(option(kind, data));
    figure.classList.add('drawn');
    charts.push(chart);
  }
  if (charts.length) {
    window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
  }
}());
