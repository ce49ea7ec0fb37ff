import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveState, nextState } from './state.ts';

describe('disclosure state machine', () => {
  const cases: [string, Parameters<typeof nextState>[0], Parameters<typeof nextState>[1], ReturnType<typeof nextState>][] = [
    ['submit a draft', 'draft', 'submit', 'submitted'],
    ['resubmit a returned draft', 'returned', 'submit', 'submitted'],
    ['approve a submission', 'submitted', 'approve', 'approved'],
    ['return a submission', 'submitted', 'return', 'returned'],
    ['return an approved draft before publication', 'approved', 'return', 'returned'],
    ['publish an approved draft', 'approved', 'publish', 'published'],
    ['correct a published disclosure', 'published', 'correct', 'draft'],
    ['withdraw a published disclosure', 'published', 'withdraw', 'withdrawn'],
    ['edit a draft', 'draft', 'update', 'draft'],
    ['edit a returned draft', 'returned', 'update', 'returned'],
    ['cannot publish a draft', 'draft', 'publish', null],
    ['cannot approve a draft', 'draft', 'approve', null],
    ['cannot edit a submitted draft', 'submitted', 'update', null],
    ['cannot edit a published disclosure', 'published', 'update', null],
    ['cannot withdraw a draft', 'draft', 'withdraw', null],
    ['a tombstone is final', 'withdrawn', 'correct', null],
    ['a tombstone cannot be republished', 'withdrawn', 'publish', null],
    ['cannot approve twice', 'approved', 'approve', null],
  ];
  for (const [name, from, action, to] of cases) {
    test(name, () => assert.equal(nextState(from, action), to));
  }

  test('deriveState folds a full history with a correction and a withdrawal', () => {
    assert.equal(deriveState(['create', 'update', 'submit', 'return', 'update', 'submit', 'approve', 'publish']), 'published');
    assert.equal(deriveState(['create', 'submit', 'approve', 'publish', 'correct', 'update', 'submit', 'approve', 'publish', 'withdraw']), 'withdrawn');
  });

  test('deriveState rejects impossible histories', () => {
    assert.throws(() => deriveState([]), /no create event/);
    assert.throws(() => deriveState(['submit']), /before "create"/);
    assert.throws(() => deriveState(['create', 'publish']), /not allowed in state "draft"/);
  });
});
