// Card payment: Stripe.js Elements tokenises the card in the browser; the server attaches the
// token to the PaymentIntent it created and confirms, if the total shown is still what is due.
// A declined card leaves the form ready for another. Paid status comes from the webhook, so
// after paying we poll the checkout's status until it says paid.
(function () {
  "use strict";
  var box = document.getElementById("card-payment");
  if (!box || typeof Stripe === "undefined") { return; }
  var stripe = Stripe(box.dataset.stripeKey);
  var card = stripe.elements().create("card");
  card.mount("#card-element");
  var button = document.getElementById("pay-button");
  var errors = document.getElementById("card-errors");
  var statusLine = document.getElementById("card-status");

  function poll(tries) {
    fetch(box.dataset.statusUrl, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (body) {
        if (body.status !== "pending_payment" || tries <= 0) {
          window.location.reload();
        } else {
          setTimeout(function () { poll(tries - 1); }, 1000);
        }
      });
  }

  function fail(message) {
    errors.textContent = message || box.dataset.msgFailed;
    statusLine.textContent = "";
    button.disabled = false;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    errors.textContent = "";
    stripe.createToken(card).then(function (result) {
      if (result.error) { return fail(result.error.message); }
      return fetch(box.dataset.payUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf},
        body: JSON.stringify({token: result.token.id, amount: Number(box.dataset.amount)})
      }).then(function (r) {
        return r.json().then(function (body) { return {ok: r.ok, status: r.status, body: body}; });
      }).then(function (res) {
        // 409 with a page to go to: the total changed; show the shopper the new one.
        if (res.status === 409 && res.body.next) { return window.location.assign(res.body.next); }
        if (!res.ok) { return fail(res.body.error); }
        if (res.body.status === "requires_action") {
          return stripe.confirmCardPayment(res.body.client_secret).then(function (auth) {
            if (auth.error) { return fail(auth.error.message); }
            statusLine.textContent = box.dataset.msgWaiting;
            poll(30);
          });
        }
        statusLine.textContent = box.dataset.msgWaiting;
        poll(30);
      });
    }).catch(function () { fail(); });
  });
})();
