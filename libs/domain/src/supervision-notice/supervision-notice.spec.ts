import { collected } from '../issue/issue.testkit';
import { evolveIssue, initialIssueState, type IssueState } from '../issue/issue.state';
import { deciderSpec } from '../testing/decider-spec';
import { admin, at, calendar, campaign, officerA, officerB, supervisor, system, units } from '../testing/fixtures';
import { answerSupervisionNotice, type AnswerSupervisionNotice } from './answer-notice';
import { closeSupervisionNotice, type CloseSupervisionNotice } from './close-notice';
import { issueSupervisionNotice, type IssueSupervisionNotice, type IssueSupervisionNoticeRefs } from './issue-notice';
import type { SupervisionNoticeEvent } from './supervision-notice.events';
import { evolveSupervisionNotice, initialSupervisionNoticeState, type SupervisionNoticeState } from './supervision-notice.state';

type NoticeCommand = IssueSupervisionNotice | AnswerSupervisionNotice | CloseSupervisionNotice;
const issue1: IssueState = evolveIssue(initialIssueState(), collected);
let refs: IssueSupervisionNoticeRefs;
beforeEach(() => (refs = { campaign, unit: units['unit-a'], issues: new Map([['issue-1', issue1]]), calendar }));

const spec = deciderSpec({
  initial: initialSupervisionNoticeState,
  evolve: evolveSupervisionNotice,
  decide: (s: SupervisionNoticeState, c: NoticeCommand, ctx) =>
    c.type === 'IssueSupervisionNotice'
      ? issueSupervisionNotice(s, c, ctx, refs)
      : c.type === 'AnswerSupervisionNotice'
        ? answerSupervisionNotice(s, c, ctx)
        : closeSupervisionNotice(s, c, ctx),
  context: () => at('2023-06-21 10:00', supervisor),
});

const data: IssueSupervisionNotice['data'] = {
  noticeId: 'n-1',
  campaignId: 'c-2023',
  unitId: 'unit-a',
  issueIds: ['issue-1'],
  reason: '超期未办结',
  level: 'red',
};
const issueNotice = (d: Partial<IssueSupervisionNotice['data']> = {}): IssueSupervisionNotice => ({
  type: 'IssueSupervisionNotice',
  data: { ...data, ...d },
});
const answer = (response = '已加快办理'): AnswerSupervisionNotice => ({
  type: 'AnswerSupervisionNotice',
  data: { noticeId: 'n-1', response },
});
const close = (outcome = '已整改'): CloseSupervisionNotice => ({ type: 'CloseSupervisionNotice', data: { noticeId: 'n-1', outcome } });
const issued: SupervisionNoticeEvent = {
  type: 'SupervisionNoticeIssued',
  data: { ...data, respondBy: '2023-06-29' },
  occurredAt: new Date('2023-06-21T02:00:00Z'),
};
const answered: SupervisionNoticeEvent = { type: 'SupervisionNoticeAnswered', data: { response: 'r' } };
const closed: SupervisionNoticeEvent = { type: 'SupervisionNoticeClosed', data: { outcome: 'o' } };

describe('issue a supervision notice', () => {
  it('respondBy defaults to sla.noticeRespondWithinWorkingDays working days (5, over the Dragon Boat holiday)', () => {
    spec
      .given([])
      .when(issueNotice())
      .then([{ type: issued.type, data: issued.data } as never]);
  });

  it('takes an explicit respondBy, not before the notice date', () => {
    const [event] = spec
      .given([])
      .when(issueNotice({ respondBy: '2023-06-21' }))
      .result();
    expect(event.data).toMatchObject({ respondBy: '2023-06-21' });
    spec
      .given([])
      .when(issueNotice({ respondBy: '2023-06-20' }))
      .thenThrows('NOTICE.RESPOND_BY_INVALID', 'invalid');
  });

  it("may address the unit's figures with no issue named", () => {
    const [event] = spec
      .given([])
      .when(issueNotice({ issueIds: [], level: 'yellow', reason: '办结率较低' }))
      .result();
    expect(event.data).toMatchObject({ issueIds: [], level: 'yellow' });
  });

  it('named issues must exist and be with the unit in this campaign', () => {
    spec
      .given([])
      .when(issueNotice({ issueIds: ['issue-9'] }))
      .thenThrows('ISSUE.NOT_FOUND', 'not_found');
    refs.unit = units['unit-b'];
    spec
      .given([])
      .when(issueNotice({ unitId: 'unit-b' }))
      .thenThrows('NOTICE.ISSUE_NOT_OF_UNIT');
  });

  it('by the supervision office, once, to an active unit, in a launched campaign', () => {
    for (const actor of [officerA, admin]) {
      spec.given([]).when(issueNotice(), at('2023-06-21 10:00', actor)).thenThrows('NOTICE.SUPERVISOR_ONLY', 'forbidden');
    }
    spec.given([issued]).when(issueNotice()).thenThrows('NOTICE.ALREADY_EXISTS');
    refs.unit = units['unit-old'];
    spec
      .given([])
      .when(issueNotice({ unitId: 'unit-old', issueIds: [] }))
      .thenThrows('UNIT.RETIRED');
    refs.campaign = null;
    spec.given([]).when(issueNotice()).thenThrows('CAMPAIGN.NOT_FOUND');
  });

  it('checks level and reason', () => {
    spec
      .given([])
      .when(issueNotice({ level: 'black' as never }))
      .thenThrows('COMMON.VALUE_INVALID');
    spec
      .given([])
      .when(issueNotice({ reason: ' ' }))
      .thenThrows('COMMON.TEXT_REQUIRED');
  });

  it('is not back-dated before the campaign', () => {
    spec.given([]).when(issueNotice(), at('2023-04-01 10:00', supervisor)).thenThrows('COMMON.OCCURRED_BEFORE_CAMPAIGN');
  });
});

describe('answer a notice', () => {
  it('the addressed unit answers, once', () => {
    spec
      .given([issued])
      .when(answer(), at('2023-06-25 10:00', officerA))
      .then([{ type: 'SupervisionNoticeAnswered', data: { response: '已加快办理' } }]);
    spec.given([issued, answered]).when(answer(), at('2023-06-25 10:00', officerA)).thenThrows('NOTICE.ALREADY_ANSWERED');
  });

  it('not another unit or the office', () => {
    spec.given([issued]).when(answer(), at('2023-06-25 10:00', officerB)).thenThrows('NOTICE.NOT_ADDRESSEE', 'forbidden');
    spec.given([issued]).when(answer(), at('2023-06-25 10:00', supervisor)).thenThrows('NOTICE.NOT_ADDRESSEE');
  });

  it('not a closed or unknown notice, not before it was issued', () => {
    spec.given([issued, closed]).when(answer(), at('2023-06-25 10:00', officerA)).thenThrows('NOTICE.CLOSED');
    spec.given([]).when(answer()).thenThrows('NOTICE.NOT_FOUND', 'not_found');
    spec.given([issued]).when(answer(), at('2023-06-20 10:00', officerA)).thenThrows('NOTICE.OCCURRED_BEFORE_PREVIOUS');
  });
});

describe('close a notice', () => {
  it('the supervision office closes it, answered or not', () => {
    spec
      .given([issued, answered])
      .when(close())
      .then([{ type: 'SupervisionNoticeClosed', data: { outcome: '已整改' } }]);
    spec
      .given([issued])
      .when(close(), at('2023-06-21 10:00', system))
      .then([{ type: 'SupervisionNoticeClosed', data: { outcome: '已整改' } }]);
  });

  it('once, by the office only', () => {
    spec.given([issued, closed]).when(close()).thenThrows('NOTICE.CLOSED');
    spec.given([issued]).when(close(), at('2023-06-21 10:00', officerA)).thenThrows('NOTICE.SUPERVISOR_ONLY', 'forbidden');
  });

  it('state records the dates', () => {
    const state = [issued, { ...answered, occurredAt: new Date('2023-06-26T02:00:00Z') }].reduce(
      evolveSupervisionNotice,
      initialSupervisionNoticeState(),
    );
    expect(state).toMatchObject({
      status: 'answered',
      issuedOn: '2023-06-21',
      answeredOn: '2023-06-26',
      respondBy: '2023-06-29',
      unitId: 'unit-a',
    });
  });
});
