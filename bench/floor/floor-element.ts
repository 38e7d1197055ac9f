// The floor of the navigation and bundle figures: a bare Lit element that does what
// <umf-checkout> must do before `umf-ready` — POST the same persisted Checkout read (its hash
// fixed at build time), render the answer, announce it — and nothing else.
import { html, LitElement } from 'lit';

declare const CHECKOUT_HASH: string;

type View = { description?: string; amount?: { amount: string; currency: string } };

class BenchFloor extends LitElement {
  declare view: View | undefined;

  static override properties = { view: { state: true } };

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    const endpoint = this.getAttribute('endpoint') ?? '';
    const clientSecret = this.getAttribute('client-secret') ?? '';
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        'x-umf-client': 'widget',
      },
      body: JSON.stringify({
        operationName: 'Checkout',
        variables: { clientSecret },
        extensions: { persistedQuery: { version: 1, sha256Hash: CHECKOUT_HASH } },
      }),
    });
    const json = (await response.json()) as { data?: { checkout?: View } };
    this.view = json.data?.checkout ?? {};
    await this.updateComplete;
    this.dispatchEvent(new CustomEvent('umf-ready', { bubbles: true, composed: true }));
  }

  override render() {
    const view = this.view;
    if (!view) return html`<p>…</p>`;
    return html`<h2>${view.description}</h2><p>${view.amount?.amount} ${view.amount?.currency}</p>`;
  }
}

customElements.define('bench-floor', BenchFloor);
