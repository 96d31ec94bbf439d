// Times in the visitor's own zone (marketplace/web/local_time.py). The browser's zone is kept in
// the bazaar_tz cookie for the pages rendered for this visitor alone; a page the anonymous page
// cache shares was rendered in the page's default zone, so each <time data-local> is rewritten
// here in the visitor's zone (Jalali dates for Persian readers, through Intl's Persian calendar).
// Before a fair opens, [data-countdown] counts down to its opening, second by second.
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) { return; }
  var cookie = "bazaar_tz=" + encodeURIComponent(zone);
  if (document.cookie.split("; ").indexOf(cookie) === -1) {
    document.cookie = cookie + "; path=/; max-age=31536000; SameSite=Lax";
  }
  var lang = document.documentElement.lang === "fa" ? "fa" : "en";
  var locale = lang === "fa" ? "fa-IR-u-ca-persian-nu-arabext" : "en-US";

  function zoneName() {
    try {
      var parts = new Intl.DateTimeFormat(locale, {timeZone: zone, timeZoneName: "long"})
        .formatToParts(new Date());
      for (var i = 0; i < parts.length; i++) {
        if (parts[i].type === "timeZoneName") { return parts[i].value; }
      }
    } catch (e) { /* the server's label stays */ }
    return zone;
  }

  var clock = {hour: "2-digit", minute: "2-digit", hourCycle: lang === "fa" ? "h23" : "h12",
               timeZone: zone};
  var whole = Object.assign({year: "numeric", month: "long", day: "numeric"}, clock);
  var label = zoneName();
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    if (el.dataset.zone === zone) { return; }  // already in the visitor's zone
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when)) { return; }
    var options = el.dataset.local === "time" ? clock : whole;
    el.textContent = new Intl.DateTimeFormat(locale, options).format(when) + " ";
    var tz = document.createElement("span");
    tz.className = "tz";
    tz.textContent = "(" + label + ")";
    el.appendChild(tz);
  });

  var digits = new Intl.NumberFormat(lang === "fa" ? "fa-IR" : "en-US");
  document.querySelectorAll("[data-countdown]").forEach(function (el) {
    var opens = new Date(el.dataset.countdown);
    var units = (el.dataset.units || "d|h|m|s").split("|");
    if (isNaN(opens)) { return; }
    function tick() {
      var left = Math.max(0, Math.floor((opens - new Date()) / 1000));
      if (left === 0) { el.textContent = el.dataset.opened || ""; return; }
      var amounts = [Math.floor(left / 86400), Math.floor(left / 3600) % 24,
                     Math.floor(left / 60) % 60, left % 60];
      var parts = [];
      amounts.forEach(function (n, i) {
        if (n || parts.length || i === 3) { parts.push(digits.format(n) + " " + units[i]); }
      });
      el.textContent = (el.dataset.label || "") + " " + parts.join(" ");
      window.setTimeout(tick, 1000);
    }
    tick();
  });
}());
