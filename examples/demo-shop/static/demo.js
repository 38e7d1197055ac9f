// The demo shop's only script (the CSP forbids inline ones). Every page works without it;
// it adds the +/− quantity buttons and the live cart total, the sandbox phone's polling,
// copy buttons, the move to the order page when <umf-checkout> finishes, and the order
// page's refresh while a payment or a refund is under way.

function formatCents(cents, symbol) {
  const whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${symbol}${whole}.${String(cents % 100).padStart(2, '0')}`;
}

function enhanceCart(form) {
  const inputs = [...form.querySelectorAll('input[data-price-cents]')];
  const lines = form.querySelector('[data-cart-lines]');
  const empty = form.querySelector('[data-cart-empty]');
  const totals = form.querySelectorAll('[data-cart-total]');
  const symbol = form.dataset.currency ?? '';
  const quantityOf = (input) => {
    const value = Number.parseInt(input.value, 10);
    return Number.isFinite(value) ? Math.min(Math.max(value, 0), Number(input.max)) : 0;
  };
  const update = () => {
    let sum = 0;
    const items = [];
    for (const input of inputs) {
      const quantity = quantityOf(input);
      if (quantity === 0) continue;
      const cents = quantity * Number(input.dataset.priceCents);
      sum += cents;
      const li = document.createElement('li');
      const name = document.createElement('span');
      const qty = document.createElement('span');
      qty.className = 'qty';
      qty.textContent = `× ${quantity}`;
      name.append(`${input.dataset.name} `, qty);
      const amount = document.createElement('span');
      amount.textContent = formatCents(cents, symbol);
      li.append(name, amount);
      items.push(li);
    }
    lines.replaceChildren(...items);
    empty.hidden = items.length > 0;
    for (const total of totals) total.textContent = formatCents(sum, symbol);
  };
  for (const button of form.querySelectorAll('button[data-step]')) {
    button.hidden = false;
    button.addEventListener('click', () => {
      const input = document.getElementById(button.dataset.for);
      input.value = String(
        Math.min(Math.max(quantityOf(input) + Number(button.dataset.step), 0), input.max),
      );
      update();
    });
  }
  form.addEventListener('input', update);
}

function renderSms(panel, messages) {
  const list = panel.querySelector('[data-sms-list]');
  const [before, after] = panel.dataset.smsTemplate.split('{code}');
  const items = messages.map((message) => {
    const li = document.createElement('li');
    li.className = 'sms';
    const meta = document.createElement('span');
    meta.className = 'sms-meta';
    meta.textContent = `${panel.dataset.smsSender} · ${message.phone} · ${message.time}`;
    const text = document.createElement('span');
    text.className = 'sms-text';
    const code = document.createElement('strong');
    code.className = 'sms-code';
    code.textContent = message.code;
    text.append(before, code, after);
    li.append(meta, text);
    return li;
  });
  list.replaceChildren(...items);
  panel.querySelector('[data-sms-empty]').hidden = items.length > 0;
}

function pollPhone(panel) {
  let last = '';
  const poll = async () => {
    if (document.hidden) return;
    try {
      const response = await fetch(panel.dataset.phoneUrl, {
        headers: { accept: 'application/json' },
      });
      if (!response.ok) return;
      const { messages } = await response.json();
      const key = JSON.stringify(messages);
      if (key !== last) renderSms(panel, messages);
      last = key;
    } catch {
      // The next poll tries again.
    }
  };
  setInterval(poll, 2000);
}

function enableCopy(button) {
  if (!navigator.clipboard) return;
  button.hidden = false;
  const label = button.textContent;
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(button.dataset.copy);
    button.textContent = button.dataset.copied;
    setTimeout(() => {
      button.textContent = label;
    }, 1500);
  });
}

// <umf-checkout> events (widget/flow/events.ts): `umf-success` { checkout } when the payment
// succeeded; `umf-failure` { checkout, code, message, canRetry } when an attempt failed —
// with canRetry the checkout is still open and the customer may try another card, so the
// page stays. The order page then asks the shop's backend (checkoutById) for the result:
// a page event is never proof of payment.
function followWidget(orderUrl) {
  let leaving = false;
  const go = () => {
    if (leaving) return;
    leaving = true;
    // The order is settled: "Cancel order" must not be pressed while the result shows.
    for (const actions of document.querySelectorAll('[data-order-actions]')) {
      actions.hidden = true;
      for (const control of actions.querySelectorAll('button, a')) control.inert = true;
    }
    setTimeout(() => window.location.assign(orderUrl), 1500);
  };
  document.addEventListener('umf-success', go);
  document.addEventListener('umf-failure', (event) => {
    if (event.detail?.canRetry !== true) go();
  });
}

// The sandbox phone says what matters for the widget's current step: SMS codes for a card,
// the QR hint while a QR code is on screen.
function followSteps(panel) {
  document.addEventListener('umf-step', (event) => {
    const step = event.detail?.step;
    if (typeof step === 'string') panel.dataset.step = step;
  });
}

// Reloads after `ms` (the server decides, via data-refresh, while something is under way);
// not while the visitor is filling in a form: it waits until they are done.
function refreshLater(ms) {
  let editing = false;
  document.addEventListener('input', (event) => {
    if (event.target.closest?.('form')) editing = true;
  });
  const tick = () => {
    const focused = document.activeElement?.matches?.('form input, form textarea, form select');
    if (editing || focused) setTimeout(tick, ms);
    else window.location.reload();
  };
  setTimeout(tick, ms);
}

const { body } = document;
const cart = document.querySelector('form[data-cart]');
if (cart) enhanceCart(cart);
const phone = document.querySelector('[data-sandbox-phone]');
if (phone) {
  pollPhone(phone);
  followSteps(phone);
}
for (const button of document.querySelectorAll('button[data-copy]')) enableCopy(button);
if (body.dataset.orderUrl) followWidget(body.dataset.orderUrl);
if (body.dataset.refresh) refreshLater(Number(body.dataset.refresh));
