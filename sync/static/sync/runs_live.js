/* Runs that refresh themselves: while a run shown on the page is queued or running, poll the runs'
   JSON (sync/admin/runs_live.py) and update its status, progress, duration and counter cells in
   place. Stops when every run shown has finished, or when the hub refuses (logged out). */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script.dataset.url;
  var every = Number(script.dataset.every || 2000);

  function activeIds() {
    var ids = {};
    document.querySelectorAll("[data-run][data-active='1']").forEach(function (el) {
      ids[el.dataset.run] = true;
    });
    return Object.keys(ids);
  }

  function apply(id, run) {
    document.querySelectorAll("[data-run='" + id + "']").forEach(function (el) {
      var text = run.cells[el.dataset.field];
      if (text !== undefined && el.textContent !== text) {
        el.textContent = text;
      }
      el.dataset.active = run.active ? "1" : "";
    });
  }

  function poll() {
    var ids = activeIds();
    if (!ids.length) {
      return;
    }
    fetch(url + "?ids=" + ids.join(","), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status >= 400 && response.status < 500) {
          throw new Error("refused");
        }
        return response.ok ? response.json() : { runs: {} };
      })
      .then(function (data) {
        Object.keys(data.runs).forEach(function (id) {
          apply(id, data.runs[id]);
        });
        setTimeout(poll, every);
      })
      .catch(function (error) {
        if (error.message !== "refused") {
          setTimeout(poll, every * 2); // the hub restarting: try again a little later
        }
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setTimeout(poll, every);
  });
})();
