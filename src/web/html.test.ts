import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attrs, escapeHtml, html, raw } from './html.ts';
import { plainText, renderMarkdown } from './richtext.ts';

test('interpolations are escaped unless marked safe', () => {
  const evil = '<script>alert("x")</script>&\'';
  assert.equal(html`<p>${evil}</p>`.toString(), '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>');
  assert.equal(html`<p>${raw('<b>ok</b>')}</p>`.toString(), '<p><b>ok</b></p>');
  assert.equal(html`${['<a>', html`<b>`]}`.toString(), '&lt;a&gt;<b>');
  assert.equal(html`${null}${undefined}${false}${0}`.toString(), '0');
  assert.equal(escapeHtml('"\''), '&quot;&#39;');
  assert.equal(attrs({ href: '/x?a=1&b="2"', hidden: true, title: null }).toString(), ' href="/x?a=1&amp;b=&quot;2&quot;" hidden');
});

test('rich text keeps formatting and drops scripts, handlers and javascript: links', () => {
  const out = renderMarkdown('# 标题\n\n**加粗** <script>alert(1)</script> <img src=x onerror=alert(1)> [链接](javascript:alert(1)) [正常](https://www.gov.cn)');
  assert.match(out, /<h2>标题<\/h2>/, 'h1 is demoted so each page keeps one h1');
  assert.match(out, /<strong>加粗<\/strong>/);
  assert.doesNotMatch(out, /script|onerror|javascript:|<img/i);
  assert.match(out, /<a href="https:\/\/www.gov.cn" rel="noopener noreferrer">正常<\/a>/);
  assert.equal(plainText('**浈江区** 危房改造\n\n第二段', 100), '浈江区 危房改造 第二段');
});
