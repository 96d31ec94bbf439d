// "Print the card" buttons: the page's print styles leave only the certificate.
document.querySelectorAll("[data-print]").forEach(function (button) {
  "use strict";
  button.addEventListener("click", function () { window.print(); });
});
