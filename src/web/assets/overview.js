// Draws the overview's charts with Chart.js from the JSON block the server rendered; a click
// on a bar opens the list of the children behind it.
(() => {
  var source = document.getElementById('chart-data');
  if (!source || typeof Chart === 'undefined') return;
  var data = JSON.parse(source.textContent);
  var palette = ['#c62828', '#d69e2e', '#1e63b6', '#2f855a', '#7b8794', '#805ad5'];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;

  function drill(measure, streetIndex) {
    var q = new URLSearchParams({ m: measure });
    if (streetIndex !== undefined) q.set('street', String(data.streetIds[streetIndex]));
    location.href = `/web/overview/children?${q.toString()}`;
  }

  function bars(id, labels, sets, stacked, clickable) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: labels,
        datasets: sets.map((s, i) => ({
          label: s.label,
          data: s.data,
          backgroundColor: s.color || palette[i % palette.length],
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: stacked },
          y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: 'bottom' } },
        onClick: (_event, elements) => {
          if (!clickable || !elements.length) return;
          var el = elements[0];
          drill(sets[el.datasetIndex].measure, el.index);
        },
      },
    });
  }

  bars('chart-tiers', data.streets, data.tiers, true, true);
  bars('chart-groups', data.streets, data.groups, false, true);
  bars(
    'chart-visits',
    data.streets,
    data.visits.map((s, i) => ({
      label: s.label,
      data: s.data,
      measure: s.measure,
      color: ['#f0a04b', '#2f855a', '#f6c177', '#68a97b'][i],
    })),
    false,
    true,
  );
  bars(
    'chart-payments',
    data.months,
    data.payments.map((s, i) => ({
      label: s.label,
      data: s.data,
      color: ['#2f855a', '#d69e2e', '#c62828'][i],
    })),
    true,
    false,
  );
})();
