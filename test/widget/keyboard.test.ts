/// <reference types="mocha" />
// <umf-checkout> with the keyboard only (real key presses through @web/test-runner-commands):
// the bank grid moves focus with the arrow keys and chooses with Enter; the card form's Tab
// order reaches every field and the submit button, and Enter submits it.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widget/index.ts';
import { en } from '../../widget/localize/translations/en.ts';
import { CARDS, RESIDENT_ID } from './support/bff.ts';
import { mountCheckout } from './support/checkout.ts';
import { control, rootOf, textOf, uniquePhone, waitFor, waitForStep } from './support/customer.ts';

/** The element focused inside the widget's shadow root. */
const focused = (el: HTMLElement) => rootOf(el).activeElement as HTMLElement | null;

/** What a focused control is, for readable Tab orders: its id, a tile's bank, or its text. */
function nameOf(node: Element | null): string {
  if (!node) return '(nothing)';
  if (node.id) return `#${node.id}`;
  if (node.matches('button.bank')) return `bank ${(node as HTMLButtonElement).value}`;
  if (node.matches('[data-heading]')) return 'heading';
  return `${node.localName} “${textOf(node)}”`;
}

async function press(key: string) {
  await sendKeys({ press: key });
}

/** Mounts a card-only checkout and waits for its bank tiles. */
async function bankGrid() {
  const mounted = await mountCheckout({ methods: ['DEBIT_CARD'] });
  await waitForStep(mounted.el, 'bank');
  await waitFor(() => rootOf(mounted.el).querySelector('button.bank'), 'no banks');
  const tiles = [...rootOf(mounted.el).querySelectorAll<HTMLButtonElement>('button.bank')];
  const columns = tiles.filter((tile) => tile.offsetTop === tiles[0].offsetTop).length;
  return { ...mounted, tiles, columns };
}

/** Focuses the bank search, then Tab: the grid's one tabbable tile. */
async function tabIntoGrid(el: HTMLElement) {
  control<HTMLInputElement>(el, '#umf-bank-search').focus();
  await press('Tab');
}

/** Tabs from the card step's heading until the submit button; the ids of what got focus. */
async function tabOrder(el: HTMLElement): Promise<string[]> {
  control(el, '[data-step] [data-heading]').focus();
  const order: string[] = [];
  for (let i = 0; i < 12; i++) {
    await press('Tab');
    const now = focused(el);
    order.push(nameOf(now));
    if (now?.matches('button[type=submit]')) break;
  }
  return order;
}

async function typeKeys(text: string) {
  await sendKeys({ type: text });
}

describe('<umf-checkout> bank grid by keyboard', () => {
  it('puts exactly one bank tile in the Tab order', async () => {
    const { el, tiles } = await bankGrid();
    expect(tiles.filter((tile) => tile.tabIndex === 0)).to.have.length(1);
    await tabIntoGrid(el);
    expect(focused(el)).to.equal(tiles[0]);
  });

  /** Key presses in the grid, each with the tile it moves focus to (from the count and row). */
  const MOVES: [string, [string, (count: number, columns: number) => number][]][] = [
    [
      'moves focus right and left with the arrow keys',
      [
        ['ArrowRight', () => 1],
        ['ArrowRight', () => 2],
        ['ArrowLeft', () => 1],
      ],
    ],
    [
      'moves focus a row down and up with the arrow keys',
      [
        ['ArrowDown', (_, columns) => columns],
        ['ArrowUp', () => 0],
      ],
    ],
    [
      'jumps to the last and first bank with End and Home',
      [
        ['End', (count) => count - 1],
        ['Home', () => 0],
      ],
    ],
  ];
  for (const [name, presses] of MOVES) {
    it(name, async () => {
      const { el, tiles, columns } = await bankGrid();
      await tabIntoGrid(el);
      for (const [key, tile] of presses) {
        const target = tile(tiles.length, columns);
        expect(target, `${key}: a tile to move to`).to.be.below(tiles.length);
        await press(key);
        expect(nameOf(focused(el)), key).to.equal(nameOf(tiles[target]));
      }
    });
  }

  it('keeps the focused tile as the grid’s Tab stop', async () => {
    const { el, tiles } = await bankGrid();
    await tabIntoGrid(el);
    await press('ArrowRight');
    expect(tiles.map((tile) => tile.tabIndex)).to.deep.equal(
      tiles.map((_, i) => (i === 1 ? 0 : -1)),
    );
  });

  it('chooses the focused bank with Enter and moves focus to the card form’s heading', async () => {
    const { el, tiles } = await bankGrid();
    await tabIntoGrid(el);
    await press('ArrowRight');
    const bank = tiles[1];
    const name = textOf(bank.querySelector('.bank-name'));
    await press('Enter');
    await waitForStep(el, 'card');
    expect(textOf(control(el, '[part~=chosen-bank] strong'))).to.equal(name);
    await waitFor(() => focused(el)?.matches('[data-heading]'), 'the heading never got focus');
    expect(textOf(focused(el))).to.equal(en.cardHeading);
  });

  it('chooses the only bank a search leaves with Enter in the search field', async () => {
    const { el } = await bankGrid();
    control<HTMLInputElement>(el, '#umf-bank-search').focus();
    await typeKeys('ICBC');
    await waitFor(() => rootOf(el).querySelectorAll('button.bank').length === 1, 'no single match');
    await press('Enter');
    await waitForStep(el, 'card');
    expect(textOf(control(el, '[part~=chosen-bank] strong'))).to.match(/Industrial|ICBC/);
  });
});

describe('<umf-checkout> card form by keyboard', () => {
  async function cardForm(methods: string[]) {
    const mounted = await mountCheckout({ methods });
    await waitForStep(mounted.el, 'bank');
    await waitFor(() => rootOf(mounted.el).querySelector('button.bank'), 'no banks');
    await tabIntoGrid(mounted.el);
    await press('Enter');
    await waitForStep(mounted.el, 'card');
    return mounted;
  }

  it('reaches every debit card field, then the submit button, with Tab', async () => {
    const { el } = await cardForm(['DEBIT_CARD']);
    const order = await tabOrder(el);
    const fields = order.filter((name) => name.startsWith('#umf-'));
    expect(fields).to.deep.equal([
      '#umf-cardNumber',
      '#umf-holderName',
      '#umf-idNumber',
      '#umf-phone',
    ]);
    expect(order[order.length - 1]).to.equal(`button “${en.getCode}”`);
  });

  it('reaches expiry and CVV2 in order on a credit card form', async () => {
    const { el } = await cardForm(['CREDIT_CARD']);
    const order = (await tabOrder(el)).filter((name) => name.startsWith('#umf-'));
    expect(order).to.deep.equal([
      '#umf-cardNumber',
      '#umf-expiry',
      '#umf-cvv2',
      '#umf-holderName',
      '#umf-idNumber',
      '#umf-phone',
    ]);
  });

  it('formats the card number in groups of four as it is typed', async () => {
    const { el } = await cardForm(['DEBIT_CARD']);
    control(el, '#umf-cardNumber').focus();
    await typeKeys(CARDS.debit);
    expect(control<HTMLInputElement>(el, '#umf-cardNumber').value).to.equal('6222 0200 0007 0000');
  });

  it('sends the SMS code when Enter is pressed in the last field', async () => {
    const { el } = await cardForm(['DEBIT_CARD']);
    const phone = uniquePhone();
    control(el, '#umf-cardNumber').focus();
    await typeKeys(CARDS.debit);
    for (const text of ['Zhang San', RESIDENT_ID, phone]) {
      await press('Tab');
      await typeKeys(text);
    }
    expect(nameOf(focused(el))).to.equal('#umf-phone');
    expect(control<HTMLInputElement>(el, '#umf-phone').value).to.equal(phone);
    await press('Enter');
    await waitForStep(el, 'sms');
    await waitFor(() => focused(el)?.matches('[data-heading]'), 'the heading never got focus');
  });
});
