// Flat illustrations of the goods, inline SVG with presentation attributes only (the demo
// CSP allows no inline styles), so the shop needs no image files.
import { type Html, raw } from './html.ts';

const svg = (body: string) =>
  raw(
    `<svg viewBox="0 0 160 120" preserveAspectRatio="xMidYMid slice" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">${body}</svg>`,
  );

const ART: Readonly<Record<string, Html>> = {
  'longjing-tea': svg(
    `<rect width="160" height="120" fill="#e6f2ea"/>
    <ellipse cx="80" cy="104" rx="46" ry="6" fill="#c9e0d1"/>
    <rect x="52" y="30" width="56" height="72" rx="6" fill="#2f6b4f"/>
    <rect x="49" y="24" width="62" height="12" rx="4" fill="#24533d"/>
    <rect x="58" y="48" width="44" height="34" rx="3" fill="#f4efe2"/>
    <path d="M80 53c9 4 12 14 4 22-8-2-12-12-4-22z" fill="#5d9c6e"/>
    <path d="M80 56v18" stroke="#2f6b4f" stroke-width="1.4"/>
    <path d="M120 84c10-10 24-8 28-2-8 8-20 10-28 2z" fill="#7bb58a"/>
    <path d="M122 84c8-4 16-4 24-2" stroke="#4f8a62" stroke-width="1.2" fill="none"/>`,
  ),
  'silk-scarf': svg(
    `<defs><linearGradient id="art-silk" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#c2415b"/><stop offset="1" stop-color="#e98b6d"/></linearGradient></defs>
    <rect width="160" height="120" fill="#fbeef0"/>
    <ellipse cx="80" cy="104" rx="50" ry="6" fill="#f1d3d9"/>
    <path d="M30 40c20-18 40 10 60-6s36-10 42 4l-6 52c-10-12-26-10-42 4s-40-2-60 8z" fill="url(#art-silk)"/>
    <path d="M40 52c14-8 28 8 44-2s30-8 38 2M36 70c16-8 30 8 46-2s30-8 40 2" stroke="#fbe3d6" stroke-width="2" fill="none" opacity=".7"/>
    <circle cx="64" cy="60" r="5" fill="#fbe3d6" opacity=".8"/><circle cx="102" cy="58" r="4" fill="#fbe3d6" opacity=".8"/>`,
  ),
  'manuka-honey': svg(
    `<rect width="160" height="120" fill="#fdf4de"/>
    <ellipse cx="80" cy="104" rx="44" ry="6" fill="#f3e2b6"/>
    <rect x="54" y="22" width="52" height="12" rx="3" fill="#3b3a36"/>
    <path d="M52 36h56l4 10v50a8 8 0 0 1-8 8H56a8 8 0 0 1-8-8V46z" fill="#fff8e8" stroke="#e0b04a" stroke-width="2"/>
    <path d="M50 56h60v40a8 8 0 0 1-8 8H58a8 8 0 0 1-8-8z" fill="#e9a521"/>
    <rect x="60" y="62" width="40" height="22" rx="3" fill="#fff8e8"/>
    <path d="M66 73h28" stroke="#b77a0c" stroke-width="3" stroke-linecap="round"/>
    <path d="M120 40l14-14M128 46c6 0 10-4 10-10s-6-8-10-4-6 14 0 14z" stroke="#b77a0c" stroke-width="3" fill="#e9a521" stroke-linecap="round"/>`,
  ),
  'lakeside-hotel': svg(
    `<rect width="160" height="120" fill="#e7eff9"/>
    <circle cx="124" cy="26" r="10" fill="#f6c86b"/>
    <path d="M0 74c20-14 40-20 60-14s30 0 50-8 36 2 50 10v58H0z" fill="#b9cde6"/>
    <rect x="44" y="36" width="60" height="54" rx="3" fill="#fff"/>
    <path d="M38 38l36-18 36 18z" fill="#2d4f7c"/>
    <g fill="#9db7da"><rect x="52" y="46" width="10" height="10" rx="1"/><rect x="69" y="46" width="10" height="10" rx="1"/><rect x="86" y="46" width="10" height="10" rx="1"/>
    <rect x="52" y="62" width="10" height="10" rx="1"/><rect x="86" y="62" width="10" height="10" rx="1"/></g>
    <rect x="68" y="66" width="12" height="24" rx="1" fill="#2d4f7c"/>
    <path d="M0 94c14-4 26 4 40 0s26-4 40 0 26 4 40 0 28-4 40 0v26H0z" fill="#6f95c6"/>
    <path d="M16 104h20M70 108h24M118 103h18" stroke="#e7eff9" stroke-width="2" stroke-linecap="round"/>`,
  ),
};

export function productArt(id: string): Html {
  return ART[id] ?? svg('<rect width="160" height="120" fill="#eef0f3"/>');
}
