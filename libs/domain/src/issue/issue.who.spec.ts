/** Who may do what to an issue (DESIGN §3 and the brief's who-rules). */
import { admin, at, officerA, officerB, supervisor, system } from '../testing/fixtures';
import { accepted, cmd, collected, issue, rated, resolved, transferred } from './issue.testkit';

const now = '2023-06-20 10:00';
const pending = [collected];
const inProgress = [collected, accepted('2023-06-09')];
const resolvedIssue = [...inProgress, resolved()];

describe('officer work belongs to the responsible unit', () => {
  const work = [
    ['accept', pending, cmd.accept()],
    ['progress', inProgress, cmd.progress()],
    ['resolve', inProgress, cmd.resolve()],
    ['withdraw', inProgress, cmd.withdraw()],
    ['callback feedback', resolvedIssue, cmd.feedback('satisfied', 'callback')],
    ['on-site feedback', resolvedIssue, cmd.feedback('satisfied', 'on_site')],
  ] as const;

  it.each(work)('%s: an officer of the responsible unit may', (_name, given, command) => {
    expect(
      issue
        .given([...given])
        .when(command, at(now, officerA))
        .result(),
    ).toHaveLength(1);
  });

  it.each(work)('%s: the system may', (_name, given, command) => {
    expect(
      issue
        .given([...given])
        .when(command, at(now, system))
        .result(),
    ).toHaveLength(1);
  });

  it.each(work)('%s: an officer of another unit may not', (_name, given, command) => {
    issue
      .given([...given])
      .when(command, at(now, officerB))
      .thenThrows('ISSUE.NOT_RESPONSIBLE_UNIT', 'forbidden');
  });

  it.each(work)("%s: the supervision office does not do the unit's work", (_name, given, command) => {
    issue
      .given([...given])
      .when(command, at(now, supervisor))
      .thenThrows('ISSUE.NOT_RESPONSIBLE_UNIT', 'forbidden');
  });

  it.each(work)('%s: an administrator does no issue work', (_name, given, command) => {
    issue
      .given([...given])
      .when(command, at(now, admin))
      .thenThrows('ISSUE.NOT_RESPONSIBLE_UNIT', 'forbidden');
  });

  it('after a transfer the receiving unit does the work, not the collecting one', () => {
    issue.given([collected, transferred()]).when(cmd.accept(), at(now, officerA)).thenThrows('ISSUE.NOT_RESPONSIBLE_UNIT');
    expect(issue.given([collected, transferred()]).when(cmd.accept(), at(now, officerB)).result()).toHaveLength(1);
  });

  it('an officer with an admin-like null unit is never responsible', () => {
    const noUnit = { ...officerA, unitId: null };
    issue.given(inProgress).when(cmd.resolve(), at(now, noUnit)).thenThrows('ISSUE.NOT_RESPONSIBLE_UNIT');
  });
});

describe('collect', () => {
  it('an officer collects for their own unit only', () => {
    expect(issue.given([]).when(cmd.collect(), at(now, officerA)).result()).toHaveLength(1);
    issue.given([]).when(cmd.collect(), at(now, officerB)).thenThrows('ISSUE.NOT_RESPONSIBLE_UNIT', 'forbidden');
    issue.given([]).when(cmd.collect(), at(now, supervisor)).thenThrows('ISSUE.NOT_RESPONSIBLE_UNIT', 'forbidden');
    issue.given([]).when(cmd.collect(), at(now, admin)).thenThrows('ISSUE.NOT_RESPONSIBLE_UNIT', 'forbidden');
  });
});

describe('transfer', () => {
  it('by the responsible unit or the supervision office', () => {
    expect(issue.given(inProgress).when(cmd.transfer(), at(now, officerA)).result()).toHaveLength(1);
    expect(issue.given(inProgress).when(cmd.transfer(), at(now, supervisor)).result()).toHaveLength(1);
  });

  it('not by another unit or an administrator', () => {
    issue.given(inProgress).when(cmd.transfer(), at(now, officerB)).thenThrows('ISSUE.NOT_RESPONSIBLE_UNIT', 'forbidden');
    issue.given(inProgress).when(cmd.transfer(), at(now, admin)).thenThrows('ISSUE.NOT_RESPONSIBLE_UNIT', 'forbidden');
  });
});

describe('extend deadline', () => {
  it('by the supervision office (or the system) only', () => {
    expect(issue.given(inProgress).when(cmd.extend(), at(now, supervisor)).result()).toHaveLength(1);
    expect(issue.given(inProgress).when(cmd.extend(), at(now, system)).result()).toHaveLength(1);
    for (const actor of [officerA, officerB, admin]) {
      issue.given(inProgress).when(cmd.extend(), at(now, actor)).thenThrows('ISSUE.SUPERVISOR_ONLY', 'forbidden');
    }
  });
});

describe('reopen', () => {
  it('the supervision office may reopen any resolved issue', () => {
    expect(issue.given(resolvedIssue).when(cmd.reopen(), at(now, supervisor)).result()).toHaveLength(1);
    expect(
      issue
        .given([...resolvedIssue, rated('satisfied')])
        .when(cmd.reopen(), at(now, supervisor))
        .result(),
    ).toHaveLength(1);
  });

  it('the responsible unit may reopen after a dissatisfied rating of this resolution', () => {
    issue
      .given([...resolvedIssue, rated('dissatisfied')])
      .when(cmd.reopen(), at(now, officerA))
      .then([{ type: 'IssueReopened', data: { reason: '企业不满意' } }]);
  });

  it.each(['satisfied', 'basically_satisfied'] as const)('the responsible unit may not reopen after a %s rating', (rating) => {
    issue
      .given([...resolvedIssue, rated(rating)])
      .when(cmd.reopen(), at(now, officerA))
      .thenThrows('ISSUE.REOPEN_NOT_ALLOWED', 'forbidden');
  });

  it('the responsible unit may not reopen before any rating', () => {
    issue.given(resolvedIssue).when(cmd.reopen(), at(now, officerA)).thenThrows('ISSUE.REOPEN_NOT_ALLOWED');
  });

  it('another unit or an administrator may not reopen, even after a dissatisfied rating', () => {
    const given = [...resolvedIssue, rated('dissatisfied')];
    issue.given(given).when(cmd.reopen(), at(now, officerB)).thenThrows('ISSUE.REOPEN_NOT_ALLOWED');
    issue.given(given).when(cmd.reopen(), at(now, admin)).thenThrows('ISSUE.REOPEN_NOT_ALLOWED');
  });
});

describe('feedback channels', () => {
  it('enterprise_link feedback comes through the link handler, acting as the system', () => {
    issue
      .given(resolvedIssue)
      .when(cmd.feedback('basically_satisfied', 'enterprise_link'), at(now, system))
      .then([{ type: 'FeedbackGiven', data: { rating: 'basically_satisfied', channel: 'enterprise_link' } }]);
  });

  it.each([officerA, supervisor, admin])('enterprise_link feedback is refused to %o', (actor) => {
    issue
      .given(resolvedIssue)
      .when(cmd.feedback('satisfied', 'enterprise_link'), at(now, actor))
      .thenThrows('ISSUE.FEEDBACK_CHANNEL_FORBIDDEN', 'forbidden');
  });
});

describe('record overdue', () => {
  it.each([officerA, supervisor, admin])('is for the deadline watcher (system) only, not %o', (actor) => {
    issue.given(inProgress).when(cmd.overdue(), at(now, actor)).thenThrows('ISSUE.SYSTEM_ONLY', 'forbidden');
  });
});
