// <umf-saved-cards>: the customer's saved cards on the method step (docs/umf-protocol.md §17),
// each a button that pays it with the SMS code only and a "Remove" disclosure whose button
// removes it (two presses at two places: a double click or a repeated Enter never removes);
// "use another card" is the card method below. In a chunk of its own (steps/on-demand.ts loads
// it): a customer without saved cards does not download it. Its rules are in the widget's one
// adopted stylesheet (no inline style: a strict CSP's style-src would block it).
import { html, nothing } from 'lit';
import type { SavedCard } from '../api/client.ts';
import { cardIcon } from '../ui/icons.ts';
import { methodContent, StepElement, viewProps } from './step-element.ts';

export class UmfSavedCards extends StepElement {
  static override properties = viewProps('cards', 'pending');
  /** The customer's saved cards, newest first. */
  cards: readonly SavedCard[] = [];
  /** A request is on its way: the buttons wait. */
  pending = false;

  /** Removes a card; focus goes to the step's heading (the button is about to go away). */
  private removeCard(card: SavedCard) {
    this.intent({ type: 'remove-card', savedCardId: card.id });
    this.closest('umf-method-step')?.focusHeading();
  }

  override render() {
    const { t, cards } = this;
    if (cards.length === 0) return nothing;
    const s = t.saved;
    return html`
      <h3 class="subheading" id="umf-saved-heading">${s.heading}</h3>
      <ul class="saved-list" part="saved-cards" aria-labelledby="umf-saved-heading">
        ${cards.map((card) => {
          const bank = (t.locale === 'zh-CN' ? card.bankNameZh : card.bankName) ?? card.bankCode;
          const name = s.pay(bank, card.lastFour);
          return html`
            <li class="saved-card" part="saved-card">
              <button class="method" part="method saved-pay" type="button" ?disabled=${this.pending}
                @click=${() => this.intent({ type: 'saved-card', savedCardId: card.id })}>
                ${methodContent(cardIcon, name, card.cardType === 'CREDIT_CARD' ? t.credit : t.debit)}
              </button>
              <details part="saved-remove">
                <summary class="link" aria-label=${`${s.remove} ${name}`}>${s.remove}</summary>
                <p>${s.confirm}</p>
                <button class="link" part="saved-remove-confirm" type="button" ?disabled=${this.pending}
                  @click=${() => this.removeCard(card)}>${s.removeYes}</button>
              </details>
            </li>
          `;
        })}
      </ul>
      <h3 class="subheading">${s.otherWays}</h3>`;
  }
}

/** The chunk's tags (steps/on-demand.ts defines them). */
export const SAVED_CARD_STEPS = { 'umf-saved-cards': UmfSavedCards };

declare global {
  interface HTMLElementTagNameMap {
    'umf-saved-cards': UmfSavedCards;
  }
}
