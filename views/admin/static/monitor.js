// Refreshes the monitoring numbers of the experiment page without reloading it. Without JavaScript the page shows
// the numbers as of its loading and a reload updates them.
(function () {
  'use strict';
  var section = document.querySelector('[data-monitor]');
  if (!section || !window.fetch) return;
  var url = section.getAttribute('data-monitor');
  function value(data, path) {
    if (path === 'progressPercent') return data.progress === null ? '–' : Math.round(data.progress * 100) + ' %';
    var parts = path.split('.');
    if (parts[0] === 'conditions') {
      var key = parts.pop();
      var name = parts.slice(1).join('.');
      var row = data.conditions.filter(function (c) { return c.condition === name; })[0];
      return row ? row[key] : undefined;
    }
    return parts.reduce(function (o, k) { return o == null ? undefined : o[k]; }, data);
  }
  function refresh() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        var cells = section.querySelectorAll('[data-m]');
        for (var i = 0; i < cells.length; i++) {
          var v = value(data, cells[i].getAttribute('data-m'));
          if (v !== undefined) cells[i].textContent = v === null ? '–' : String(v);
        }
      })
      .catch(function () { /* keep the last numbers; the next tick tries again */ });
  }
  setInterval(refresh, 5000);
})();
