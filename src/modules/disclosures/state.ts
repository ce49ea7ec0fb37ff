// The disclosure lifecycle (DESIGN.md §3) as a pure state machine. The `state` column is a cache of
// `deriveState(events)`; both are written in the same transaction and a test checks they agree.
import type { DisclosureState } from '../../db/schema.ts';

export type DisclosureAction = 'create' | 'update' | 'submit' | 'return' | 'approve' | 'publish' | 'correct' | 'withdraw' | 'attach' | 'detach' | NeutralAction;

/**
 * Privacy and 保密审查 actions (issue 6) record decisions on the working copy without moving it:
 * masking a finding, keeping it with a legal basis, withholding a field, a redacted rendition, the
 * review checklist. Allowed only while the working copy is not yet approved.
 */
export const NEUTRAL_ACTIONS = {
  'privacy-mask': ['draft', 'returned', 'submitted'],
  'privacy-keep': ['draft', 'returned', 'submitted'],
  'privacy-withhold': ['draft', 'returned', 'submitted'],
  'privacy-rendition': ['draft', 'returned', 'submitted'],
  'confidentiality-review': ['submitted'],
} as const satisfies Record<string, readonly DisclosureState[]>;
export type NeutralAction = keyof typeof NEUTRAL_ACTIONS;

/** Which action is allowed from which state, and where it leads. Actions absent here never change state. */
export const TRANSITIONS: Record<string, Partial<Record<DisclosureState, DisclosureState>>> = {
  submit: { draft: 'submitted', returned: 'submitted' },
  return: { submitted: 'returned', approved: 'returned' },
  approve: { submitted: 'approved' },
  publish: { approved: 'published' },
  // A correction reopens a published disclosure for editing; the public keeps seeing the last version.
  correct: { published: 'draft' },
  withdraw: { published: 'withdrawn' },
};

/** Actions that edit the working copy, allowed only while the editor holds it. */
export const EDITABLE_STATES: readonly DisclosureState[] = ['draft', 'returned'];

export function nextState(current: DisclosureState, action: DisclosureAction): DisclosureState | null {
  if (action === 'create') return null;
  if (action === 'update' || action === 'attach' || action === 'detach') return EDITABLE_STATES.includes(current) ? current : null;
  if (Object.hasOwn(NEUTRAL_ACTIONS, action)) return (NEUTRAL_ACTIONS[action as NeutralAction] as readonly DisclosureState[]).includes(current) ? current : null;
  return TRANSITIONS[action]?.[current] ?? null;
}

export function deriveState(actions: readonly string[]): DisclosureState {
  let state: DisclosureState | null = null;
  for (const a of actions) {
    if (a === 'create') {
      state = 'draft';
      continue;
    }
    if (state === null) throw new Error(`event "${a}" before "create"`);
    const n = nextState(state, a as DisclosureAction);
    if (n === null) throw new Error(`event "${a}" not allowed in state "${state}"`);
    state = n;
  }
  if (state === null) throw new Error('no create event');
  return state;
}

export const STATE_NAMES: Record<DisclosureState, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  approved: '已审核待发布',
  published: '已发布',
  withdrawn: '已撤回',
};
