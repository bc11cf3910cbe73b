/* accord dashboard: a few lines of plain JavaScript (no library, nothing from the network).
   Every edit of the what-if form posts the form and swaps the server-rendered results in. */
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

  form.addEventListener("input", function (e) {
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
      post(btn.dataset.fragment, target, null);
      pending = null;
    });
  });
})();
