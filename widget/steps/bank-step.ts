import { html, nothing } from 'lit';
import type { Bank, CardType } from '../api/client.ts';
import { searchIcon } from '../ui/icons.ts';
import { StepElement, viewProps } from './step-element.ts';

/** Banks whose code, English or Chinese name contains the query. */
export function filterBanks(banks: readonly Bank[], query: string): Bank[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...banks];
  return banks.filter(
    (b) =>
      b.code.toLowerCase().includes(q) || b.name.toLowerCase().includes(q) || b.nameZh.includes(q),
  );
}

/** What stands for the bank on its tile: 工 for 中国工商银行 in Chinese, I (ICBC) in English. */
function monogram(bank: Bank, zh: boolean): string {
  if (!zh) return bank.code[0];
  const name = bank.nameZh.replace(/^中国(?!银行)/, '');
  return /\p{Script=Han}/u.test(name) ? name[0] : bank.code.slice(0, 2);
}

/**
 * The word segmenter, built when the first bank tile renders, not when the module loads: it is
 * the page's first Intl object (a Chinese word dictionary too), tens of milliseconds that would
 * otherwise delay the checkout's request. Null where Intl.Segmenter is missing.
 */
let words: Intl.Segmenter | null | undefined;

/**
 * A Chinese name with a line-break chance between its words (中国·工商·银行) and none inside one:
 * the tile sets word-break: keep-all. A lone character joins its neighbour (中信, not 中·信).
 */
function breakable(name: string) {
  words ??=
    typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;
  if (!words) return name;
  const parts: string[] = [];
  for (const { segment } of words.segment(name)) {
    const last = parts.length - 1;
    if (last >= 0 && (segment.length < 2 || parts[last].length < 2)) parts[last] += segment;
    else parts.push(segment);
  }
  return parts.map((part, i) => (i ? html`<wbr>${part}` : part));
}

const KEYS: Record<string, (i: number, cols: number, n: number) => number> = {
  ArrowRight: (i) => i + 1,
  ArrowLeft: (i) => i - 1,
  ArrowDown: (i, cols) => i + cols,
  ArrowUp: (i, cols) => i - cols,
  Home: () => 0,
  End: (_i, _c, n) => n - 1,
};

/** Credit/debit switch, bank search and a keyboard-navigable bank grid (roving tabindex). */
export class UmfBankStep extends StepElement {
  static override properties = viewProps('banks', 'cardTypes', 'cardType', 'bankCode', 'query');
  /** The banks of the chosen card type; undefined while they load. */
  banks?: Bank[];
  /** Card types the checkout takes. */
  cardTypes: CardType[] = [];
  /** The card type chosen. */
  cardType: CardType = 'DEBIT_CARD';
  /** The bank chosen before, if any. */
  bankCode: string | null = null;
  /** The search text. */
  query = '';

  private onKeydown(event: KeyboardEvent) {
    const move = KEYS[event.key];
    const tiles = this.tiles();
    const index = tiles.indexOf(event.target as HTMLButtonElement);
    if (!move || index < 0) return;
    event.preventDefault();
    const top = tiles[0].offsetTop;
    const cols = Math.max(1, tiles.filter((tile) => tile.offsetTop === top).length);
    const next = move(index, cols, tiles.length);
    if (next >= 0 && next < tiles.length) this.rove(tiles, next, true);
  }

  private onSearch(event: Event) {
    this.intent({ type: 'search', query: (event.target as HTMLInputElement).value });
  }

  private onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const code = (event.submitter as HTMLButtonElement | null)?.value;
    const matches = filterBanks(this.banks ?? [], this.query);
    if (code) this.intent({ type: 'bank', bankCode: code });
    else if (matches.length === 1) this.intent({ type: 'bank', bankCode: matches[0].code });
  }

  private tiles(): HTMLButtonElement[] {
    return [...this.querySelectorAll<HTMLButtonElement>('button.bank')];
  }

  /** Exactly one tile is in the tab order: the focused, the chosen, or the first. */
  private rove(tiles: HTMLButtonElement[], active: number, focus = false) {
    tiles.forEach((tile, i) => {
      tile.tabIndex = i === active ? 0 : -1;
    });
    if (focus) tiles[active]?.focus();
  }

  protected override updated() {
    const tiles = this.tiles();
    const focused = tiles.findIndex(
      (tile) => tile === document.activeElement || tile.matches(':focus'),
    );
    const chosen = tiles.findIndex((tile) => tile.value === this.bankCode);
    this.rove(tiles, focused >= 0 ? focused : Math.max(chosen, 0));
  }

  private renderSwitch() {
    const { t } = this;
    if (this.cardTypes.length < 2) return nothing;
    return html`
      <fieldset class="switch" part="card-type">
        <legend class="sr-only">${t.cardType}</legend>
        ${this.cardTypes.map(
          (type) => html`
            <label class="switch-option">
              <input type="radio" name="cardType" value=${type} .checked=${type === this.cardType}
                @change=${() => this.intent({ type: 'card-type', cardType: type })} />
              <span>${type === 'DEBIT_CARD' ? t.debit : t.credit}</span>
            </label>
          `,
        )}
      </fieldset>
    `;
  }

  private renderBank(bank: Bank) {
    const zh = this.t.locale === 'zh-CN';
    const name = zh ? breakable(bank.nameZh) : bank.name;
    const alt = zh ? bank.name : breakable(bank.nameZh);
    return html`
      <button type="submit" class="bank" part="bank" value=${bank.code} tabindex="-1"
        aria-current=${bank.code === this.bankCode ? 'true' : nothing}>
        <span class="monogram" aria-hidden="true">${monogram(bank, zh)}</span>
        <span class="bank-names">
          <span class="bank-name">${name}</span>
          <span class="bank-alt"><span class="bank-code" lang="en">${bank.code}</span> ·
            <span lang=${zh ? 'en' : 'zh-CN'}>${alt}</span></span>
        </span>
      </button>
    `;
  }

  private renderGrid() {
    const { t } = this;
    if (!this.banks) return html`<p class="muted" part="loading">${t.loading}</p>`;
    const banks = filterBanks(this.banks, this.query);
    if (!banks.length)
      return html`<p class="muted" id="umf-no-banks">${t.noBanks(this.query.trim())}</p>`;
    return html`
      <div class="banks" part="bank-grid" role="group" aria-label=${t.banksLabel} @keydown=${this.onKeydown}>
        ${banks.map((bank) => this.renderBank(bank))}
      </div>
    `;
  }

  override render() {
    const { t } = this;
    return html`
      ${this.heading(t.bankHeading)}
      <form part="form" @submit=${this.onSubmit}>
        ${this.renderSwitch()}
        <label class="sr-only" for="umf-bank-search">${t.searchBanks}</label>
        <div class="control search">
          ${searchIcon}
          <input id="umf-bank-search" part="input search" type="search" autocomplete="off"
            enterkeyhint="search" placeholder=${t.searchPlaceholder} .value=${this.query}
            @input=${this.onSearch} />
        </div>
        ${this.renderGrid()}
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'umf-bank-step': UmfBankStep;
  }
}
