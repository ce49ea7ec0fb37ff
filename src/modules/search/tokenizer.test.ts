import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fts5Match, normalisedString, parseQuery, runTokens, textTokens, tsqueryLiteral, tsvectorLiteral, termQuery, type TermQuery } from './tokenizer.ts';
import { highlight, snippet, termFrequencies } from './highlight.ts';

describe('textTokens: one token per character position', () => {
  const cases: [string, string, string[]][] = [
    ['Han run', '危房改造', ['危房', '房改', '改造', '造']],
    ['single character', '房', ['房']],
    ['whitespace splits runs', '采购 公告', ['采购', '购', '公告', '告']],
    ['ideographic space splits runs', '采购\u3000公告', ['采购', '购', '公告', '告']],
    ['ASCII lower-cased and bigrammed', 'ZJ-26', ['zj', 'j－', '－2', '26', '6']],
    ['full-width letters fold to ASCII (NFKC)', 'ＡＢ', ['ab', 'b']],
    ['full-width comma folds, then is made FTS-safe', '购，意', ['购，', '，意', '意']],
    ['ASCII quote and backslash become full-width', 'a"\\', ['a＂', '＂＼', '＼']],
    ['zero-width space is a separator', '采\u200b购', ['采', '购']],
    ['astral characters are one position', '𠀀𠀁', ['𠀀𠀁', '𠀁']],
    ['expansion ㈱ → (株)', '㈱', ['（株', '株）', '）']],
    ['empty', '', []],
    ['only separators', ' \t\n', []],
  ];
  for (const [name, input, want] of cases) test(name, () => assert.deepEqual(textTokens(input), want));
  test('maxTokens caps the count', () => assert.equal(textTokens('一二三四五', 3).length, 3));
});

describe('parseQuery', () => {
  const ok: [string, string, string[]][] = [
    ['one word', '采购', ['采购']],
    ['terms separated by whitespace', ' 危房改造  中标 ', ['危房改造', '中标']],
    ['quotes trimmed from the ends', '"危房改造"', ['危房改造']],
    ['Chinese quotes and brackets trimmed', '“华宇”（', ['华宇']],
    ['inner punctuation kept', 'ZJCG-2026-015', ['zjcg-2026-015']],
    ['FTS operators are text', 'NEAR AND 采购*', ['near', 'and', '采购']],
    ['duplicates dropped', '采购 采购', ['采购']],
    ['single character', '房', ['房']],
  ];
  for (const [name, input, want] of ok) {
    test(name, () => {
      const r = parseQuery(input);
      assert.ok(r.ok, "r.ok");
      assert.deepEqual(r.terms, want);
    });
  }
  const bad: [string, string, string][] = [
    ['empty', '   ', 'empty'],
    ['punctuation only', '"*"  ，。！', 'no_searchable_text'],
    ['operators only', '* ( ) " -', 'no_searchable_text'],
    ['10 KB', '采'.repeat(10_000), 'too_long'],
    ['too many terms', 'a b c d e f g h i', 'too_many_terms'],
  ];
  for (const [name, input, reason] of bad) {
    test(`${name} → ${reason}`, () => {
      const r = parseQuery(input);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.reason, reason);
        assert.ok(r.message.length > 0, "r.message.length > 0");
      }
    });
  }
});

describe('engine expressions', () => {
  test('termQuery: phrase of n−1 bigrams, prefix for one character', () => {
    assert.deepEqual(termQuery('危房改造'), { kind: 'phrase', tokens: ['危房', '房改', '改造'] });
    assert.deepEqual(termQuery('采购'), { kind: 'phrase', tokens: ['采购'] });
    assert.deepEqual(termQuery('房'), { kind: 'prefix', token: '房' });
  });
  test('FTS5 and tsquery literals quote every token', () => {
    const q: TermQuery[] = [termQuery('危房改造'), termQuery('房')];
    assert.equal(fts5Match(q), '"危房 房改 改造" AND "房"*');
    assert.equal(tsqueryLiteral(q), "('危房' <-> '房改' <-> '改造') & '房':*");
  });
  test('a query typed with quotes yields no FTS syntax', () => {
    const r = parseQuery('a"b');
    assert.ok(r.ok, "r.ok");
    assert.equal(fts5Match(r.queries), '"a＂ ＂b"');
  });
  test('tsvector literal lists positions; >256 positions of one lexeme is lossy', () => {
    assert.deepEqual(tsvectorLiteral(['ab', 'b'], ['ab', 'b']), { literal: "'ab':1,3 'b':2,4", lossy: false });
    assert.equal(tsvectorLiteral([], textTokens('ab '.repeat(300))).lossy, true);
    assert.equal(tsvectorLiteral([], textTokens('一'.repeat(17_000))).lossy, true);
  });
});

/** What an engine does with positions: a phrase matches where its tokens are consecutive. */
function engineMatches(text: string, q: TermQuery): boolean {
  const toks = textTokens(text);
  if (q.kind === 'prefix') return toks.some((t) => t.startsWith(q.token));
  outer: for (let i = 0; i + q.tokens.length <= toks.length; i++) {
    for (let k = 0; k < q.tokens.length; k++) if (toks[i + k] !== q.tokens[k]) continue outer;
    return true;
  }
  return false;
}

describe('bigram phrases have exact substring meaning (simulated engine)', () => {
  // A tiny alphabet makes near-misses frequent: repeated characters, runs cut by spaces and commas.
  const alphabet = ['危', '房', '改', '造', ' ', '，', 'a', 'B', '1', '-'];
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
  const docs = Array.from({ length: 300 }, () => pick(5 + Math.floor(rnd() * 30)));
  const queries = ['危', '房改', '危房改造', '造，', 'a', 'b1', '1-a', '房房', '改 造', 'ab-1'];
  for (const raw of queries) {
    test(`query ${JSON.stringify(raw)}`, () => {
      const parsed = parseQuery(raw);
      assert.ok(parsed.ok, "parsed.ok");
      for (const d of docs) {
        const truth: boolean = parsed.terms.every((t) => normalisedString(d).split(' ').some((w) => w.includes(t)));
        const got: boolean = parsed.queries.every((q) => engineMatches(d, q));
        assert.equal(got, truth, `doc ${JSON.stringify(d)}`);
      }
    });
  }
});

describe('highlighting', () => {
  test('marks every occurrence and escapes HTML around and inside', () => {
    assert.equal(highlight('<b>危房</b>改造 危房', ['危房']), '&lt;b&gt;<mark>危房</mark>&lt;/b&gt;改造 <mark>危房</mark>');
    assert.equal(highlight('a<b', ['a<b']), '<mark>a&lt;b</mark>');
  });
  test('case- and width-insensitive marks keep the source text', () => {
    assert.equal(highlight('ＺＪＣＧ项目', ['zjcg']), '<mark>ＺＪＣＧ</mark>项目');
  });
  test('overlapping terms merge', () => assert.equal(highlight('危房改造', ['危房', '房改']), '<mark>危房改</mark>造'));
  test('snippet centres on the first match with ellipses', () => {
    const s = snippet('前'.repeat(200) + '华宇' + '后'.repeat(200), ['华宇'], 60);
    assert.match(s, /^…前+<mark>华宇<\/mark>后+…$/);
  });
  test('term frequencies', () => assert.deepEqual(termFrequencies('采购采购 ab AB', ['采购', 'ab']), [2, 2]));
});

describe('normalisedString fast path agrees with the per-code-point definition', () => {
  // The definition: NFKC + lower case per code point, separators collapsed to one space, none at
  // either end. The fast path copies runs of self-normalising characters; it must never differ.
  const reference = (text: string): string => {
    const parts: string[] = [];
    let cur = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const n = cp >= 0xd800 && cp <= 0xdfff ? '\ufffd' : ch.normalize('NFKC').toLowerCase();
      for (const c of n) {
        if (/^[\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}]$/u.test(c)) {
          if (cur) parts.push(cur);
          cur = '';
        } else cur += c;
      }
    }
    if (cur) parts.push(cur);
    return parts.join(' ');
  };
  // Ranges where NFKC or case mapping changes characters, separators, surrogate pairs, lone halves.
  const pool = [
    ...'危房改造采购公告华宇，。、（）：；“”《》〸〹〺　 \t\n\u200b\u00a0\u2028ＡＺａｚ０９ABCxyzİß㈱①ⅫＦＵＬＬ－·…—',
    '\ud842\udfb7', // 𠮷 (astral CJK)
    '\ud835\udc00', // 𝐀 (NFKC → a)
    '\ud800', // lone high surrogate
    '\udc00', // lone low surrogate
  ];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  test('5,000 random strings over the tricky ranges', () => {
    for (let n = 0; n < 5000; n++) {
      const s = Array.from({ length: 1 + Math.floor(rnd() * 24) }, () => pool[Math.floor(rnd() * pool.length)]!).join('');
      assert.equal(normalisedString(s), reference(s), `input ${JSON.stringify(s)}`);
    }
  });
  test('examples', () => {
    assert.equal(normalisedString('  ＺＪＣＧ－2026\u3000危房　改造\n'), 'zjcg-2026 危房 改造');
    assert.equal(normalisedString('㈱华宇'), '(株)华宇');
    assert.equal(normalisedString(''), '');
  });
});
