/* accord dashboard: a few lines of plain JavaScript (no library, nothing from the network).
   Every edit of the what-if form posts the form and swaps the server-rendered results in;
   a sweep's progress is polled as JSON and its result swapped in when done. */
(function () {
  "use strict";
  var form = document.getElementById("whatif");
  if (!form) { return; }
  var results = document.getElementById("results");
  var pending = null;
  var timer = null;
  var version = 0;
  var editedAt = 0;

  function showOutput(input) {
    var out = input.parentNode.querySelector("output");
    if (out) { out.textContent = Number(input.value).toFixed(2); }
  }

  function post(url, target, onDone) {
    if (pending) { pending.abort(); }
    var ctrl = new AbortController();
    pending = ctrl;
    target.setAttribute("aria-busy", "true");
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      signal: ctrl.signal,
      headers: { "X-Requested-With": "fetch" }
    }).then(function (r) { return r.text(); }).then(function (html) {
      target.innerHTML = html;
      target.removeAttribute("aria-busy");
      if (onDone) { onDone(); }
    }).catch(function (err) {
      if (err.name !== "AbortError") {
        target.innerHTML = '<div class="error" role="alert">The server did not answer: ' +
          String(err.message).replace(/[<>&]/g, "") + "</div>";
        target.removeAttribute("aria-busy");
      }
    });
  }

  function update() {
    post(form.dataset.whatif, results, function () {
      version += 1;
      results.dataset.version = String(version);
      // from the edit to the new results on screen, as the analyst sees it
      results.dataset.clientMs = String(Math.round(performance.now() - editedAt));
    });
  }

  function poll(target) {
    var run = target.querySelector("[data-poll]");
    if (!run) { return; }
    var bar = run.querySelector("progress");
    var count = run.querySelector("#sweep-count");
    var shown = run.querySelector("#sweep-result");
    function fail(msg) {
      shown.innerHTML = '<div class="error" role="alert"></div>';
      shown.firstChild.textContent = msg;
    }
    function tick() {
      fetch(run.dataset.poll).then(function (r) { return r.json(); }).then(function (s) {
        if (s.error && !s.status) { fail(s.error); return; }
        bar.max = s.total;
        bar.value = s.done;
        count.textContent = s.done.toLocaleString() + " of " + s.total.toLocaleString() +
          " runs · " + Math.round(s.runs_per_s).toLocaleString() + " runs/s";
        if (s.status === "running") { setTimeout(tick, 250); return; }
        fetch(run.dataset.result).then(function (r) { return r.text(); }).then(function (html) {
          shown.innerHTML = html;
          run.dataset.status = s.status;
        });
      }).catch(function (err) { fail("The server did not answer: " + err.message); });
    }
    tick();
  }

  form.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.closest("[data-sweep]")) {
      e.preventDefault();
      document.getElementById("run-sweep").click();
    }
  });
  form.addEventListener("input", function (e) {
    if (e.target.closest("[data-sweep]")) { return; }  // sweep options are not edits
    editedAt = performance.now();
    if (e.target.type === "range") { showOutput(e.target); }
    clearTimeout(timer);
    timer = setTimeout(update, 40);
  });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      form.querySelectorAll('input[type="range"]').forEach(showOutput);
      update();
    }, 0);
  });
  document.querySelectorAll("[data-fragment]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var target = document.getElementById(btn.dataset.target);
      pending = null;
      post(btn.dataset.fragment, target, function () { poll(target); });
      pending = null;
    });
  });
})();
