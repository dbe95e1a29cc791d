/*
 * Confiance participant pages: optional comforts only; every page works without this script.
 * - Client-side response time: milliseconds from the page being shown to the answer being sent, added to decision
 *   forms (marked data-timed) as client_rt_ms. The server measures its own time too; both are stored.
 * - A second click on a submit button while the first submission is under way is ignored.
 * - Delayed advice: a countdown, then the page shows the advice by itself (without the script: the "show" link).
 * Written in ES5 so that old administration browsers run it.
 */
(function () {
  'use strict';
  var start = (window.performance && performance.now) ? performance.now() : new Date().getTime();
  function now() { return (window.performance && performance.now) ? performance.now() : new Date().getTime(); }

  function init() {
    var forms = document.getElementsByTagName('form');
    for (var i = 0; i < forms.length; i++) watch(forms[i]);
    var wait = document.querySelector('[data-advice-wait]');
    if (wait) countdown(wait);
  }

  /*
   * Delayed advice: the seconds left, in a polite live region updated only every 10 seconds (and in the last 5), not
   * every second, so that a screen reader is not flooded; at zero the page follows its own "show" link, which the
   * server answers with the advice (it checks the wait again).
   */
  function countdown(wait) {
    var status = wait.querySelector('[data-countdown]');
    var show = wait.querySelector('[data-advice-show]');
    var end = now() + 1000 * Number(wait.getAttribute('data-advice-wait'));
    var timer = setInterval(function () {
      var left = Math.ceil((end - now()) / 1000);
      if (left <= 0) {
        clearInterval(timer);
        status.textContent = status.getAttribute('data-ready');
        if (show) window.location.href = show.href;
        return;
      }
      if (left % 10 === 0 || left <= 5) status.textContent = status.getAttribute('data-left').replace('{seconds}', String(left));
    }, 250);
  }

  function watch(form) {
    var sent = false;
    form.addEventListener('submit', function (event) {
      if (sent) { event.preventDefault(); return; }
      sent = true;
      if (form.hasAttribute('data-timed')) {
        var input = form.querySelector('input[name=client_rt_ms]');
        if (!input) {
          input = document.createElement('input');
          input.type = 'hidden';
          input.name = 'client_rt_ms';
          form.appendChild(input);
        }
        input.value = String(Math.max(0, Math.round(now() - start)));
      }
    });
    // Coming back with the back button restores the page from the cache: allow sending again.
    window.addEventListener('pageshow', function () { sent = false; });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
