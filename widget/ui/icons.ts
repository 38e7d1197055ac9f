// Small inline SVG icons and the spinner (decorative: aria-hidden). Brand marks are simplified
// glyphs.
import { html, svg } from 'lit';

const icon = (body: ReturnType<typeof svg>, box = 24) =>
  svg`<svg class="icon" viewBox="0 0 ${box} ${box}" aria-hidden="true">${body}</svg>`;

export const lockIcon = icon(
  svg`<rect x="5" y="11" width="14" height="10" rx="2" /><path d="M8 11V8a4 4 0 0 1 8 0v3" />`,
);
export const cardIcon = icon(
  svg`<rect x="2.5" y="5" width="19" height="14" rx="2.5" /><path d="M2.5 10h19M6 15h4" />`,
);
export const chevronIcon = icon(svg`<path d="M9 6l6 6-6 6" />`);
export const backIcon = icon(svg`<path d="M15 6l-6 6 6 6" />`);
export const searchIcon = icon(svg`<circle cx="11" cy="11" r="6.5" /><path d="M16 16l4.5 4.5" />`);
export const checkIcon = icon(svg`<path d="M6 12.5l4 4 8-9" />`);
export const crossIcon = icon(svg`<path d="M7 7l10 10M17 7L7 17" />`);
export const alertIcon = icon(
  svg`<circle cx="12" cy="12" r="9" /><path d="M12 7.5v5.5M12 16.2v.3" />`,
);
export const wechatIcon = icon(
  svg`<rect class="brand wechat" width="24" height="24" rx="6" /><ellipse class="glyph" cx="10" cy="10.5" rx="5.2" ry="4.3" /><ellipse class="glyph" cx="14.6" cy="14" rx="4.4" ry="3.6" />`,
);
export const alipayIcon = icon(
  svg`<rect class="brand alipay" width="24" height="24" rx="6" /><path class="glyph-line" d="M6 8h12M12 5.5V12M7.5 11.5h9c-1.5 4-5 6.5-9 7.5M10 14c2.5 1.6 5 3 8 4.5" />`,
);

/** The spinner in a busy button; `large` stands for a whole panel that waits. */
export const spinner = html`<span class="spinner" aria-hidden="true"></span>`;
export const largeSpinner = html`<span class="spinner large" aria-hidden="true"></span>`;
