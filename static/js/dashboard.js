// HR dashboard: interactive trend and criterion charts drawn with the local ECharts copy
// (static/vendor/echarts). Data comes from the JSON block the server writes; no inline script (CSP).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("trend-data").textContent || "{}");
  var labels = data.labels || {};
  (data.exams || []).forEach(function (exam, i) {
    var trend = document.getElementById("trend-" + i);
    if (trend && window.echarts) {
      var chart = echarts.init(trend);
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { top: 0, data: [labels.attempts, labels.pass_rate, labels.mean_score] },
        grid: { top: 50, bottom: 70 },
        dataZoom: [{ type: "inside" }, { type: "slider" }],
        xAxis: { type: "category", data: exam.dates },
        yAxis: [
          { type: "value", name: labels.attempts, minInterval: 1 },
          { type: "value", name: "%", max: 100 }
        ],
        series: [
          { name: labels.attempts, type: "bar", data: exam.attempts },
          { name: labels.pass_rate, type: "line", yAxisIndex: 1, connectNulls: true, data: exam.pass_rate },
          { name: labels.mean_score, type: "line", yAxisIndex: 1, connectNulls: true, data: exam.mean_score }
        ]
      });
      trend.setAttribute("data-rendered", "1");
    }
    var crit = document.getElementById("criteria-" + i);
    var names = Object.keys(exam.criteria || {});
    if (crit && window.echarts && names.length) {
      echarts.init(crit).setOption({
        tooltip: {},
        xAxis: { type: "value", max: 100, name: "%" },
        yAxis: { type: "category", data: names },
        series: [{ name: labels.criteria, type: "bar", data: names.map(function (n) { return exam.criteria[n]; }) }]
      });
      crit.setAttribute("data-rendered", "1");
    }
  });
})();
