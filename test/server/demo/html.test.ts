import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html, raw } from '../../../examples/demo-shop/html.ts';

test('interpolated text is escaped, in text and in attributes', () => {
  const name = `<img src=x onerror="alert('x')">&`;
  assert.equal(
    html`<p title="${name}">${name}</p>`.value,
    '<p title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;">' +
      '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;</p>',
  );
});

test('nested templates and arrays are kept; empty values render nothing', () => {
  const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
  assert.equal(
    html`<ul>${items}</ul>${null}${undefined}${false}${raw('<br>')}`.value,
    '<ul><li>a&lt;b</li><li>c</li></ul><br>',
  );
});
