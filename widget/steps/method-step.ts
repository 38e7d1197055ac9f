import { html, nothing } from 'lit';
import type { SavedCard } from '../api/client.ts';
import type { Intent, IntentEvent } from '../flow/events.ts';
import type { Choice } from '../flow/flow.ts';
import { alipayIcon, cardIcon, lockIcon, wechatIcon } from '../ui/icons.ts';
import { methodContent, StepElement, viewProps } from './step-element.ts';

const ICONS = {
  CARD: cardIcon,
  WECHAT_SCAN: wechatIcon,
  WECHAT_WEB: wechatIcon,
  ALIPAY_SCAN: alipayIcon,
  HOSTED: lockIcon,
};

/** The payment methods the checkout offers, one button each. */
export class UmfMethodStep extends StepElement {
  static override properties = viewProps('choices', 'pending', 'savedCards');
  /** The choices to offer, in order. */
  choices: Choice[] = [];
  /** A request is on its way (UMF's page is being prepared): the buttons wait. */
  pending = false;
  /** The customer's saved cards, offered first. */
  savedCards: readonly SavedCard[] = [];

  private onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const choice = (event.submitter as HTMLButtonElement | null)?.value as Choice | undefined;
    if (choice) this.intent({ type: 'choose', choice });
  }

  override render() {
    const { t } = this;
    return html`
      ${this.heading(t.methodHeading)}
      ${
        this.choices.includes('CARD') && this.savedCards.length
          ? html`<umf-saved-cards .t=${t} .cards=${this.savedCards} .pending=${this.pending}
              @intent=${(event: IntentEvent<Intent>) => this.intent(event.detail)}></umf-saved-cards>`
          : nothing
      }
      <form class="methods" part="form" @submit=${this.onSubmit}>
        ${this.choices.map(
          (choice) => html`
            <button class="method" part="method" type="submit" name="method" value=${choice} id="umf-method-${choice}" ?disabled=${this.pending}>
              ${methodContent(ICONS[choice], t.methods[choice].name, t.methods[choice].hint, choice === 'CARD' || choice === 'HOSTED')}
            </button>
          `,
        )}
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'umf-method-step': UmfMethodStep;
  }
}
