import { deciderSpec } from '../testing/decider-spec';
import {
  admin,
  at,
  bj,
  campaign,
  closedCampaign,
  officerA,
  officerB,
  OTHER_VALID_CODE,
  supervisor,
  system,
  unclaimed,
  units,
  VALID_CODE,
} from '../testing/fixtures';
import type { ActivityEvent } from './activity.events';
import { evolveActivity, initialActivityState, type ActivityState } from './activity.state';
import { holdActivity, type HoldActivity, type HoldActivityRefs } from './hold-activity';

const registered = new Set([VALID_CODE, OTHER_VALID_CODE]);
let refs: HoldActivityRefs;
beforeEach(() => (refs = { campaign, unit: units['unit-a'], registeredEnterprises: registered }));

const spec = deciderSpec({
  initial: initialActivityState,
  evolve: evolveActivity,
  decide: (s: ActivityState, c: HoldActivity, ctx) => holdActivity(s, c, ctx, refs),
  context: () => unclaimed('2023-06-02 10:00', officerA),
});
const data: HoldActivity['data'] = {
  activityId: 'act-1',
  campaignId: 'c-2023',
  unitId: 'unit-a',
  form: 'symposium',
  heldOn: '2023-06-01',
  enterpriseCodes: [VALID_CODE, OTHER_VALID_CODE],
  summary: '座谈会',
};
const hold = (d: Partial<HoldActivity['data']> = {}): HoldActivity => ({ type: 'HoldActivity', data: { ...data, ...d } });
const held: ActivityEvent = { type: 'ActivityHeld', data };

describe('hold an activity', () => {
  it("an officer records their unit's activity and the enterprises reached (deduplicated, normalized)", () => {
    spec
      .given([])
      .when(hold({ enterpriseCodes: [VALID_CODE, ' 914403001922038216', VALID_CODE.toLowerCase()] }))
      .then([held]);
    spec.given([]).when(hold(), unclaimed('2023-06-02 10:00', system)).then([held]);
  });

  it.each([officerB, supervisor, admin])('not %o', (actor) => {
    spec.given([]).when(hold(), unclaimed('2023-06-02 10:00', actor)).thenThrows('ACTIVITY.NOT_OWN_UNIT', 'forbidden');
  });

  it('once', () => {
    spec.given([held]).when(hold()).thenThrows('ACTIVITY.ALREADY_EXISTS');
  });

  it('inside an open campaign, not in the future', () => {
    spec
      .given([])
      .when(hold({ heldOn: '2023-04-30' }))
      .thenThrows('CAMPAIGN.OUTSIDE_PERIOD');
    spec
      .given([])
      .when(hold({ heldOn: '2023-06-03' }))
      .thenThrows('ACTIVITY.HELD_IN_FUTURE', 'invalid');
    spec
      .given([])
      .when(hold({ heldOn: '2023-04-30' }), at('2023-04-30 10:00', officerA, '2023-06-02 10:00'))
      .thenThrows('CAMPAIGN.OUTSIDE_PERIOD');
    refs.campaign = closedCampaign;
    spec.given([]).when(hold(), unclaimed('2023-07-02 10:00', officerA)).thenThrows('CAMPAIGN.CLOSED');
    refs.campaign = null;
    spec.given([]).when(hold()).thenThrows('CAMPAIGN.NOT_FOUND', 'not_found');
  });

  it('by an active unit', () => {
    refs.unit = units['unit-old'];
    spec
      .given([])
      .when(hold({ unitId: 'unit-old' }), unclaimed('2023-06-02 10:00', system))
      .thenThrows('UNIT.RETIRED');
    refs.unit = null;
    spec.given([]).when(hold()).thenThrows('UNIT.NOT_FOUND');
  });

  it('reaching registered enterprises with valid codes', () => {
    spec
      .given([])
      .when(hold({ enterpriseCodes: [] }))
      .thenThrows('ACTIVITY.NO_ENTERPRISES', 'invalid');
    spec
      .given([])
      .when(hold({ enterpriseCodes: ['91350100M000100Y44'] }))
      .thenThrows('ENTERPRISE.CREDIT_CODE_INVALID');
    refs.registeredEnterprises = new Set([VALID_CODE]);
    const error = spec.given([]).when(hold()).thenThrows('ENTERPRISE.NOT_FOUND', 'not_found');
    expect(error.message).toContain(OTHER_VALID_CODE);
  });

  it('checks form and summary', () => {
    spec
      .given([])
      .when(hold({ form: 'banquet' as never }))
      .thenThrows('COMMON.VALUE_INVALID');
    spec
      .given([])
      .when(hold({ summary: '' }))
      .thenThrows('COMMON.TEXT_REQUIRED');
  });
});

describe('one business date per activity (heldOn and occurredAt agree)', () => {
  it('with no occurredAt claimed, the business time is the start of heldOn (00:00 Beijing time)', () => {
    const [event] = spec
      .given([])
      .when(hold({ heldOn: '2023-05-20' }), unclaimed('2023-06-02 10:00', officerA))
      .result();
    expect(event.occurredAt).toEqual(bj('2023-05-20 00:00'));
    expect(event.data.heldOn).toBe('2023-05-20');
  });

  it('an occurredAt on heldOn (Beijing time) is kept as given', () => {
    const [event] = spec
      .given([])
      .when(hold(), at('2023-06-01 15:30', officerA, '2023-06-02 10:00'))
      .result();
    expect(event.occurredAt).toEqual(bj('2023-06-01 15:30'));
  });

  it('an occurredAt on another day than heldOn is refused, naming both dates', () => {
    const error = spec
      .given([])
      .when(hold({ heldOn: '2023-06-01' }), at('2023-05-31 10:00', officerA, '2023-06-02 10:00'))
      .thenThrows('ACTIVITY.OCCURRED_AT_MISMATCH', 'invalid');
    expect(error.message).toContain('2023-05-31');
    expect(error.message).toContain('2023-06-01');
    expect(error.fields).toEqual({ occurredAt: 'not on heldOn (2023-06-01)' });
  });

  it('the day is Beijing time: 2023-05-31T16:30Z is already 2023-06-01', () => {
    const ctx = { actor: officerA, occurredAt: new Date('2023-05-31T16:30:00Z'), now: bj('2023-06-02 10:00') };
    expect(
      spec
        .given([])
        .when(hold({ heldOn: '2023-06-01' }), ctx)
        .result(),
    ).toHaveLength(1);
    const utcDay = { ...ctx, occurredAt: new Date('2023-06-01T16:30:00Z') }; // 2023-06-02 00:30 in Beijing
    spec
      .given([])
      .when(hold({ heldOn: '2023-06-01' }), utcDay)
      .thenThrows('ACTIVITY.OCCURRED_AT_MISMATCH');
  });
});
