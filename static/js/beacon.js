// Counts one view of the page it is on (marketplace/web/counters/views.py): one POST with no
// body, sent after the page is shown, so it works on pages served from the shared cache too.
(function () {
  "use strict";
  var url = document.currentScript && document.currentScript.dataset.countUrl;
  if (!url) { return; }
  function send() {
    if (navigator.sendBeacon && navigator.sendBeacon(url)) { return; }
    fetch(url, {method: "POST", credentials: "omit", keepalive: true}).catch(function () {});
  }
  if (document.visibilityState === "prerender") {
    document.addEventListener("visibilitychange", send, {once: true});
  } else {
    send();
  }
}());
