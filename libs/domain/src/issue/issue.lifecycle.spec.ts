/**
 * Every command in every state (DESIGN §3 life cycle), with the system as actor so only the
 * state rules speak. Who may act is in issue.who.spec.ts.
 */
import { accepted, cmd, collected, issue, resolved, withdrawn, type IssueCommand } from './issue.testkit';
import type { IssueEvent } from './issue.events';

const states: Record<string, IssueEvent[]> = {
  none: [],
  pending: [collected],
  in_progress: [collected, accepted('2023-06-09')],
  resolved: [collected, accepted('2023-06-09'), resolved()],
  withdrawn: [collected, withdrawn()],
};

const commands: Record<string, IssueCommand> = {
  collect: cmd.collect(),
  accept: cmd.accept(),
  transfer: cmd.transfer(),
  progress: cmd.progress(),
  extend: cmd.extend(),
  resolve: cmd.resolve(),
  feedback: cmd.feedback(),
  reopen: cmd.reopen(),
  withdraw: cmd.withdraw(),
  overdue: cmd.overdue(),
};

/** The event type written, or the error code thrown. */
const expected: Record<string, Record<string, string>> = {
  none: {
    collect: 'IssueCollected',
    accept: 'ISSUE.NOT_FOUND',
    transfer: 'ISSUE.NOT_FOUND',
    progress: 'ISSUE.NOT_FOUND',
    extend: 'ISSUE.NOT_FOUND',
    resolve: 'ISSUE.NOT_FOUND',
    feedback: 'ISSUE.NOT_FOUND',
    reopen: 'ISSUE.NOT_FOUND',
    withdraw: 'ISSUE.NOT_FOUND',
    overdue: 'ISSUE.NOT_FOUND',
  },
  pending: {
    collect: 'ISSUE.ALREADY_EXISTS',
    accept: 'IssueAccepted',
    transfer: 'IssueTransferred',
    progress: 'ISSUE.NOT_IN_PROGRESS',
    extend: 'ISSUE.NOT_IN_PROGRESS',
    resolve: 'IssueResolved',
    feedback: 'ISSUE.NOT_RESOLVED',
    reopen: 'ISSUE.NOT_RESOLVED',
    withdraw: 'IssueWithdrawalRequested', // the campaign's default: withdrawal needs approval
    overdue: 'ISSUE.NOT_OVERDUE',
  },
  in_progress: {
    collect: 'ISSUE.ALREADY_EXISTS',
    accept: 'ISSUE.NOT_PENDING',
    transfer: 'IssueTransferred',
    progress: 'IssueProgressRecorded',
    extend: 'IssueDeadlineExtended',
    resolve: 'IssueResolved',
    feedback: 'ISSUE.NOT_RESOLVED',
    reopen: 'ISSUE.NOT_RESOLVED',
    withdraw: 'IssueWithdrawalRequested', // the campaign's default: withdrawal needs approval
    overdue: 'IssueBecameOverdue',
  },
  resolved: {
    collect: 'ISSUE.ALREADY_EXISTS',
    accept: 'ISSUE.NOT_PENDING',
    transfer: 'ISSUE.NOT_OPEN',
    progress: 'ISSUE.NOT_IN_PROGRESS',
    extend: 'ISSUE.NOT_OPEN',
    resolve: 'ISSUE.NOT_OPEN',
    feedback: 'FeedbackGiven',
    reopen: 'IssueReopened',
    withdraw: 'ISSUE.NOT_OPEN',
    overdue: 'ISSUE.NOT_OPEN',
  },
  withdrawn: Object.fromEntries(Object.keys(commands).map((c) => [c, 'ISSUE.WITHDRAWN'])),
};

const cases = Object.keys(states).flatMap((state) => Object.keys(commands).map((command) => [state, command, expected[state][command]]));

describe('issue life cycle: each state × each command', () => {
  it.each(cases)('given %s, when %s, then %s', (state, command, outcome) => {
    const when = issue.given(states[state]).when(commands[command]);
    if (outcome.includes('.')) {
      const error = when.thenThrows(outcome);
      expect(error.state).toBe(state);
      expect(error.message).toMatch(state === 'none' ? /does not exist/ : new RegExp(`issue is ${state}`));
    } else {
      expect(when.result().map((e) => e.type)).toEqual([outcome]);
    }
  });

  it('names the state and the rule in the error', () => {
    const error = issue.given(states.in_progress).when(cmd.feedback()).thenThrows('ISSUE.NOT_RESOLVED', 'rule');
    expect(error.message).toBe('issue is in_progress; feedback needs a resolved issue');
  });
});
