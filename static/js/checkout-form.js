// Checkout form: a new destination changes which ways of paying exist, so choosing a country
// asks the server again (the "Show payment for this country" button, which also works without
// JavaScript); choosing a method or a card currency only changes the sentence saying what will
// be charged, from the amounts the server put on each choice.
(function () {
  "use strict";
  var form = document.getElementById("checkout-form");
  if (!form) { return; }
  var update = document.getElementById("checkout-update");
  var country = form.elements.namedItem("country");
  var statement = document.getElementById("charge-statement");

  if (country && update) {
    country.addEventListener("change", function () { update.click(); });
  }

  function checked(name) {
    return form.querySelector("input[name='" + name + "']:checked");
  }

  function restate() {
    var method = checked("method");
    if (!statement || !method) { return; }
    var source = method.value === "card" ? checked("charge_currency") : method;
    var amount = source && source.getAttribute("data-charge");
    if (amount) {
      statement.textContent = statement.getAttribute("data-template").replace("{total}", amount);
    }
  }

  form.addEventListener("change", function (event) {
    var name = event.target.name;
    if (name === "method" || name === "charge_currency") { restate(); }
  });
}());
