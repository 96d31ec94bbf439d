// Pages served from the shared page cache carry no CSRF token, since a token belongs to one
// visitor (marketplace/web/page_cache.py). The first time such a form is sent, fetch this visitor's
// token, put it in every empty token field on the page, and send the form as the visitor did.
(function () {
  "use strict";
  var tokenUrl = document.currentScript.dataset.tokenUrl;
  var pending = null;

  function fetchToken() {
    if (!pending) {
      pending = fetch(tokenUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (body) {
          document.querySelectorAll('input[name="csrf_token"]').forEach(function (field) {
            if (!field.value) { field.value = body.csrf_token; }
          });
        });
    }
    return pending;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var field = form.querySelector('input[name="csrf_token"]');
    if (!field || field.value || form.dataset.csrfFetched) { return; }
    event.preventDefault();
    form.dataset.csrfFetched = "1";  // send once more whatever happens; the server has the word
    var submitter = event.submitter;
    fetchToken().catch(function () {}).then(function () {
      if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
    });
  });
})();
