import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closedOnTime, deriveStatus, isHttpUrl, isOverdue, nextStatus, validateAnswer, validateFinding, validateInspection } from './state.ts';

describe('finding state machine', () => {
  const cases: [string, Parameters<typeof nextStatus>[0], Parameters<typeof nextStatus>[1], ReturnType<typeof nextStatus>][] = [
    ['the department answers an open finding', 'open', 'answer', 'answered'],
    ['the department adds to its answer', 'answered', 'answer', 'answered'],
    ['the office closes an answered finding', 'answered', 'close', 'closed'],
    ['the office closes an open finding it verified', 'open', 'close', 'closed'],
    ['the office reopens an answered finding', 'answered', 'reopen', 'open'],
    ['the office reopens a closed finding', 'closed', 'reopen', 'open'],
    ['a closed finding cannot be answered', 'closed', 'answer', null],
    ['a closed finding cannot be closed again', 'closed', 'close', null],
    ['an open finding cannot be reopened', 'open', 'reopen', null],
  ];
  for (const [name, from, action, to] of cases) test(name, () => assert.equal(nextStatus(from, action), to));

  test('deriveStatus folds a history', () => {
    assert.equal(deriveStatus(['create', 'answer', 'reopen', 'answer', 'close']), 'closed');
    assert.throws(() => deriveStatus(['create', 'reopen']), /not allowed/);
  });

  test('overdue and closed on time', () => {
    assert.equal(isOverdue({ status: 'open', deadline: '2026-11-01' }, '2026-11-02'), true);
    assert.equal(isOverdue({ status: 'answered', deadline: '2026-11-02' }, '2026-11-02'), false);
    assert.equal(isOverdue({ status: 'closed', deadline: '2026-11-01' }, '2026-12-01'), false);
    assert.equal(closedOnTime({ status: 'closed', deadline: '2026-11-01', closed_date: '2026-11-01' }), true);
    assert.equal(closedOnTime({ status: 'closed', deadline: '2026-11-01', closed_date: '2026-11-02' }), false);
  });
});

describe('inspection input', () => {
  const urls: [string, boolean][] = [
    ['https://www.gov.cn/zhengce/', true],
    ['http://localhost:3000/disclosures/1', true],
    ['ftp://example.com/a', false],
    ['javascript:alert(1)', false],
    ['www.gov.cn', false],
    ['/disclosures/1', false],
  ];
  for (const [u, ok] of urls) test(`evidence link ${u}`, () => assert.equal(isHttpUrl(u), ok));

  const findings: [string, { description: string; evidence: string; deadline: string }, string[]][] = [
    ['a valid finding', { description: '结果公告超期', evidence: 'https://a.example/1\n\nhttps://a.example/2', deadline: '2026-11-30' }, []],
    ['deadline before the inspection date', { description: '问题', evidence: '', deadline: '2026-10-31' }, ['deadline']],
    ['a link that is not http(s)', { description: '问题', evidence: 'file:///etc/passwd', deadline: '2026-11-30' }, ['evidence']],
    ['no description, bad date', { description: ' ', evidence: '', deadline: '2026-13-01' }, ['description', 'deadline']],
  ];
  for (const [name, raw, fields] of findings) {
    test(name, () => {
      const r = validateFinding(raw, '2026-11-01');
      assert.deepEqual(r.ok ? [] : r.errors.map((e) => e.field), fields);
    });
  }

  test('an inspection needs a department, kind, scope, a past date, inspectors and a summary', () => {
    const r = validateInspection({ department: '', kind: 'surprise', scope: [], inspectionDate: '2026-12-01', inspectors: '', summary: '' }, '2026-11-27');
    assert.equal(r.ok, false);
    assert.deepEqual(r.ok ? [] : r.errors.map((e) => e.field), ['department', 'kind', 'scope', 'inspectionDate', 'inspectors', 'summary']);
    assert.equal(validateInspection({ department: '3', kind: 'unannounced', scope: ['timeliness', 'timeliness'], inspectionDate: '2026-11-27', inspectors: '甲', summary: '乙' }, '2026-11-27').ok, true);
  });

  test('an answer is dated between the inspection and today', () => {
    assert.deepEqual(validateAnswer({ body: '已整改', answerDate: '2026-10-01' }, '2026-11-01', '2026-11-27').map((e) => e.field), ['answerDate']);
    assert.deepEqual(validateAnswer({ body: '', answerDate: '2026-11-28' }, '2026-11-01', '2026-11-27').map((e) => e.field), ['body', 'answerDate']);
    assert.deepEqual(validateAnswer({ body: '已整改', answerDate: '2026-11-27' }, '2026-11-01', '2026-11-27'), []);
  });
});
