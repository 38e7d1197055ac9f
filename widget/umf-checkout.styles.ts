// The widget's one stylesheet (adopted: no inline styles, CSP-safe). Every documented --umf-*
// property gets its default on :host; steps render into the element's shadow root and share it.
// Rules say only what differs from the defaults and from what is inherited; figures are
// tabular everywhere (amounts, card numbers, codes and countdowns line up).
import { css } from 'lit';

export const styles = css`
  :host {
    --umf-color-primary: #1d4ed8;
    --umf-color-on-primary: #ffffff;
    --umf-color-text: #1a2233;
    --umf-color-muted: #525c72;
    --umf-color-background: #ffffff;
    --umf-color-surface: #f5f7fa;
    --umf-color-border: #dde2ea;
    --umf-color-input-border: #7b8597;
    --umf-color-danger: #b42318;
    --umf-color-success: #067647;
    --umf-radius: 8px;
    --umf-font-family: system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB',
      'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif;
    --umf-font-size: 16px;
    --umf-max-width: 28rem;
    display: block;
    max-width: var(--umf-max-width);
    color: var(--umf-color-text);
    font-family: var(--umf-font-family);
    font-size: var(--umf-font-size);
    font-variant-numeric: tabular-nums;
    line-height: 1.5;
    -webkit-text-size-adjust: 100%;
  }
  :host([hidden]) { display: none; }
  * { box-sizing: border-box; }
  p, h2, h3, ul, fieldset { margin: 0; }
  ul { padding: 0; list-style: none; }
  button, input { font: inherit; color: inherit; }
  .base {
    background: var(--umf-color-background);
    border: 1px solid var(--umf-color-border);
    border-radius: calc(var(--umf-radius) * 1.5);
    box-shadow: 0 1px 2px rgb(16 24 40 / 0.04), 0 8px 24px -8px rgb(16 24 40 / 0.12);
    overflow: hidden;
  }
  .sr-only {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
    white-space: nowrap;
  }
  .icon {
    width: 1.25em; height: 1.25em; flex: none; fill: none; stroke: currentColor;
    stroke-width: 2; stroke-linecap: round; stroke-linejoin: round;
  }
  .muted, .hint, .converted, .method-hint { color: var(--umf-color-muted); font-size: 0.875em; }

  /* Order summary */
  .header {
    padding: 1.25em 1.5em 1em;
    background: var(--umf-color-surface);
    border-bottom: 1px solid var(--umf-color-border);
  }
  .description { font-weight: 600; overflow-wrap: anywhere; }
  .amount-label { margin-top: 0.5em; color: var(--umf-color-muted); font-size: 0.8125em; }
  .amount { font-size: 2em; font-weight: 700; line-height: 1.2; letter-spacing: -0.01em; }
  .items { margin-top: 0.75em; font-size: 0.875em; }
  .items summary {
    cursor: pointer; color: var(--umf-color-primary); font-weight: 500; width: max-content;
    border-radius: 4px;
  }
  .items ul { padding: 0.5em 0 0.25em; }
  .items li { display: flex; justify-content: space-between; gap: 1em; padding: 0.25em 0; }
  .items li span:last-child { white-space: nowrap; }

  /* The body and every step in it: a grid with one gap */
  .body, [data-step], form { display: grid; gap: 1em; }
  .body { padding: 1.25em 1.5em 1.5em; }
  .heading { font-size: 1.125em; font-weight: 650; line-height: 1.35; }

  /* Focus: one visible ring for everything interactive */
  :is(button, input, summary, .heading):focus-visible {
    outline: 2px solid var(--umf-color-primary);
    outline-offset: 2px;
  }
  .heading:focus-visible { outline-offset: 4px; border-radius: 2px; }

  /* Buttons */
  button { cursor: pointer; border-radius: var(--umf-radius); }
  .primary, .secondary {
    display: inline-flex; align-items: center; justify-content: center; gap: 0.5em;
    min-height: 3em; padding: 0.5em 1.25em; font-weight: 600; border: 1px solid transparent;
  }
  .primary, .wide { width: 100%; }
  .primary { background: var(--umf-color-primary); color: var(--umf-color-on-primary); }
  .primary:hover { filter: brightness(1.08); }
  .primary[aria-disabled='true'] { cursor: progress; filter: saturate(0.7); }
  .primary.wechat { background: #057a3c; }
  .secondary {
    background: var(--umf-color-background); color: var(--umf-color-primary);
    border-color: var(--umf-color-input-border);
  }
  .secondary.small { min-height: 2.25em; padding: 0.25em 0.75em; font-size: 0.875em; }
  .secondary:disabled, .link:disabled { color: var(--umf-color-muted); cursor: default; }
  .secondary:disabled { background: var(--umf-color-surface); }
  .link {
    background: none; border: 0; padding: 0.25em; color: var(--umf-color-primary);
    font-weight: 500; text-decoration: underline; text-underline-offset: 0.2em;
  }
  .link:disabled { text-decoration: none; }
  .link.center { justify-self: center; font-size: 0.9375em; }
  .link.small { font-size: 0.875em; }
  .back {
    justify-self: start; display: inline-flex; align-items: center; gap: 0.25em;
    background: none; border: 0; padding: 0.25em 0.5em 0.25em 0; margin: -0.5em 0 -0.25em;
    color: var(--umf-color-muted); font-size: 0.9375em;
  }
  .back:hover { color: var(--umf-color-text); }

  /* Notices, field errors and the encryption note: an icon beside its text */
  .notice, .error, .secure { display: flex; align-items: flex-start; gap: 0.5em; }
  .notice {
    flex-wrap: wrap; padding: 0.75em 0.875em; border-radius: var(--umf-radius);
    background: #fef3f2; color: var(--umf-color-danger); border: 1px solid #f4c7c2;
  }
  .notice p { flex: 1 1 12em; color: #7a1a12; }
  .note {
    padding: 0.75em 0.875em; border-radius: var(--umf-radius);
    background: #eff4ff; color: #1e3a8a; font-size: 0.9375em;
  }

  /* Methods, saved cards and bank tiles */
  .remember { display: flex; align-items: center; gap: 0.5em; accent-color: var(--umf-color-primary); }
  umf-saved-cards, .saved-list, .saved-card, .methods { display: grid; gap: 0.75em; }
  .saved-card details { justify-self: end; text-align: end; font-size: 0.875em; }
  .saved-card p, .subheading { color: var(--umf-color-muted); }
  .subheading { font-size: 0.9375em; font-weight: 600; }
  .method, .bank {
    display: flex; align-items: center; text-align: start; background: var(--umf-color-background);
    border: 1px solid var(--umf-color-border);
  }
  .method:hover, .bank:hover, .bank[aria-current='true'] { border-color: var(--umf-color-primary); }
  .method {
    gap: 0.875em; width: 100%; min-height: 4em; padding: 0.75em 1em;
    box-shadow: 0 1px 2px rgb(16 24 40 / 0.05);
  }
  .method-icon, .chevron { display: inline-flex; }
  .method-icon .icon { width: 2em; height: 2em; }
  .method-icon.card .icon { color: var(--umf-color-primary); }
  .method-text { flex: 1; display: grid; }
  .method-name { font-weight: 600; }
  .chevron { color: var(--umf-color-muted); }
  .brand { stroke: none; }
  .brand.wechat { fill: #07c160; }
  .brand.alipay { fill: #1677ff; }
  .glyph { fill: #fff; stroke: #07c160; stroke-width: 1; }
  .glyph-line { stroke: #fff; stroke-width: 1.6; }

  /* Credit / debit switch */
  .switch {
    display: flex; padding: 0.25em; gap: 0.25em; border: 0; border-radius: var(--umf-radius);
    background: var(--umf-color-surface); box-shadow: inset 0 0 0 1px var(--umf-color-border);
  }
  .switch-option { flex: 1; position: relative; }
  .switch-option input { position: absolute; inset: 0; opacity: 0; margin: 0; cursor: pointer; }
  .switch-option span {
    display: block; text-align: center; padding: 0.5em; border-radius: calc(var(--umf-radius) - 2px);
    color: var(--umf-color-muted); font-weight: 500;
  }
  .switch-option input:checked + span {
    background: var(--umf-color-background); color: var(--umf-color-primary); font-weight: 600;
    box-shadow: 0 1px 3px rgb(16 24 40 / 0.15);
  }
  .switch-option input:focus-visible + span { outline: 2px solid var(--umf-color-primary); outline-offset: 1px; }

  /* Bank grid */
  .banks {
    display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--tile)), 1fr));
    --tile: 13em;
    grid-auto-rows: max-content; gap: 0.5em; max-height: 22em; overflow-y: auto;
    padding: 0.25em; margin: -0.25em;
  }
  .banks:lang(zh) { --tile: 10em; }
  .bank { gap: 0.625em; padding: 0.625em; min-height: 3.5em; }
  .bank[aria-current='true'] { background: #eff4ff; }
  /* Names wrap between words, never inside a Chinese one (the view marks its word breaks). */
  .bank-names, .chosen-name { min-width: 0; overflow-wrap: break-word; }
  .bank-names :lang(zh), .chosen-name:lang(zh) { word-break: keep-all; }
  .bank-names { display: grid; }
  .bank-name { font-size: 0.9375em; font-weight: 500; line-height: 1.3; }
  .bank-alt { font-size: 0.75em; line-height: 1.4; color: var(--umf-color-muted); }
  .bank-code { font-weight: 600; letter-spacing: 0.02em; }
  /* In the theme's colour: a colour per bank would be no bank's own. */
  .monogram {
    flex: none; display: inline-grid; place-items: center; width: 2em; height: 2em; border-radius: 50%;
    background: var(--umf-color-primary); color: var(--umf-color-on-primary); font-weight: 700;
    font-size: 0.9375em;
  }

  /* Fields */
  .chosen {
    display: flex; align-items: center; justify-content: space-between; gap: 0.75em;
    padding: 0.5em 0.75em; border-radius: var(--umf-radius); background: var(--umf-color-surface);
  }
  .chosen-name { flex: 1 1 auto; }
  .chosen .link { flex: none; }
  .row { display: flex; flex-wrap: wrap; gap: 1em; }
  .field { display: grid; gap: 0.375em; min-width: 0; }
  .field.half { flex: 1 1 8em; }
  label { font-weight: 500; font-size: 0.9375em; }
  /* An input with an icon inside: the card number's at the end, the search's at the start */
  .control { position: relative; display: flex; align-items: center; }
  .control .icon { position: absolute; inset-inline-end: 0.875em; color: var(--umf-color-muted); pointer-events: none; }
  .search .icon { inset-inline: 0.75em auto; }
  input[type='text'], input[type='tel'], input[type='search'] {
    width: 100%; min-height: 3em; padding: 0.625em 0.875em; font-size: max(1em, 16px);
    background: var(--umf-color-background); border: 1px solid var(--umf-color-input-border);
    border-radius: var(--umf-radius); transition: border-color 0.15s, box-shadow 0.15s;
  }
  .with-icon input { padding-inline-end: 2.75em; }
  .search input { padding-inline-start: 2.5em; }
  input::placeholder { color: #6b7385; opacity: 1; }
  input:focus-visible {
    border-color: var(--umf-color-primary);
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--umf-color-primary) 25%, transparent);
  }
  input[aria-invalid='true'] { border-color: var(--umf-color-danger); }
  input[aria-invalid='true']:focus-visible {
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--umf-color-danger) 20%, transparent);
  }
  .error { color: var(--umf-color-danger); font-size: 0.875em; line-height: 1.4; }
  .error .icon, .secure .icon { width: 1.1em; height: 1.1em; margin-top: 0.1em; }
  input.code { letter-spacing: 0.4em; font-size: 1.25em; }
  .resend { justify-self: start; font-size: 0.9375em; margin-inline-start: -0.25em; }
  .secure { color: var(--umf-color-muted); font-size: 0.8125em; }

  /* Results, processing, QR */
  .result, .qr-step { display: grid; justify-items: center; text-align: center; gap: 0.75em; padding: 0.5em 0; }
  .badge {
    display: inline-grid; place-items: center; width: 3.5em; height: 3.5em; border-radius: 50%;
  }
  .badge .icon { width: 1.75em; height: 1.75em; stroke-width: 2.5; }
  .success .badge { background: #e7f6ee; color: var(--umf-color-success); }
  .failure .badge, .badge.warn { background: #fef3f2; color: var(--umf-color-danger); }
  .amount-line { font-size: 1.5em; font-weight: 700; }
  .qr {
    width: min(13.5em, 100%); aspect-ratio: 1; padding: 0.5em; display: grid; place-items: center;
    border: 1px solid var(--umf-color-border); border-radius: var(--umf-radius); background: #fff;
  }
  .qr svg { width: 100%; height: 100%; display: block; }
  .qr.empty { background: var(--umf-color-surface); }
  .status { display: inline-flex; align-items: center; gap: 0.5em; font-weight: 500; }
  .pulse {
    width: 0.625em; height: 0.625em; border-radius: 50%; background: var(--umf-color-success);
    animation: umf-pulse 1.6s ease-in-out infinite;
  }
  .spinner {
    width: 1.1em; height: 1.1em; border-radius: 50%; border: 2px solid currentColor;
    border-inline-end-color: transparent; animation: umf-spin 0.8s linear infinite;
  }
  .spinner.large { width: 2.5em; height: 2.5em; border-width: 3px; color: var(--umf-color-primary); }
  @keyframes umf-spin { to { transform: rotate(1turn); } }
  @keyframes umf-pulse { 50% { opacity: 0.35; } }
  @media (prefers-reduced-motion: reduce) {
    .spinner, .pulse { animation: none; }
    input { transition: none; }
  }

  .footer {
    display: flex; align-items: center; justify-content: center; gap: 0.375em; padding: 0.75em 1em;
    border-top: 1px solid var(--umf-color-border); color: var(--umf-color-muted); font-size: 0.8125em;
  }
  .footer .icon { width: 1em; height: 1em; }

  @media (max-width: 360px) {
    .header, .body { padding-inline: 1em; }
    .amount { font-size: 1.75em; }
  }
  @media (forced-colors: active) {
    .primary, .method, .bank, .switch-option span { border: 1px solid ButtonText; }
  }
`;
