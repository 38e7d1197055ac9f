// `npm run build` writes dist/custom-elements.json from the elements' JSDoc (the public contract).
export default {
  globs: ['widget/umf-checkout.ts', 'widget/flow/events.ts'],
  outdir: 'dist',
  litelement: true,
};
