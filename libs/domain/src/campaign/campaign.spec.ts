import { deciderSpec } from '../testing/decider-spec';
import { admin, at, officerA, supervisor } from '../testing/fixtures';
import { DEFAULT_ISSUE_CATEGORIES } from './campaign.categories';
import {
  DEFAULT_CAMPAIGN_SLA,
  DEFAULT_CAMPAIGN_TARGETS,
  DEFAULT_CAMPAIGN_THRESHOLDS,
  DEFAULT_CAMPAIGN_WORKFLOW,
} from './campaign.defaults';
import type { CampaignEvent } from './campaign.events';
import { evolveCampaign, initialCampaignState, type CampaignState } from './campaign.state';
import { closeCampaign, type CloseCampaign } from './close-campaign';
import { launchCampaign, type LaunchCampaign } from './launch-campaign';

const spec = deciderSpec({
  initial: initialCampaignState,
  evolve: evolveCampaign,
  decide: (s: CampaignState, c: LaunchCampaign | CloseCampaign, ctx) =>
    c.type === 'LaunchCampaign' ? launchCampaign(s, c, ctx) : closeCampaign(s, c, ctx),
  context: () => at('2023-04-28 10:00', admin),
});
const launch = (data: Partial<LaunchCampaign['data']> = {}): LaunchCampaign => ({
  type: 'LaunchCampaign',
  data: { campaignId: 'c-2023', title: '服务企业月', startsOn: '2023-05-01', endsOn: '2023-06-30', ...data },
});
const launched: CampaignEvent = {
  type: 'CampaignLaunched',
  data: {
    campaignId: 'c-2023',
    title: '服务企业月',
    startsOn: '2023-05-01',
    endsOn: '2023-06-30',
    targets: { ...DEFAULT_CAMPAIGN_TARGETS },
    sla: { ...DEFAULT_CAMPAIGN_SLA },
    thresholds: { ...DEFAULT_CAMPAIGN_THRESHOLDS },
    categories: [...DEFAULT_ISSUE_CATEGORIES],
    workflow: { ...DEFAULT_CAMPAIGN_WORKFLOW },
  },
};
const close: CloseCampaign = { type: 'CloseCampaign', data: { campaignId: 'c-2023' } };

describe('launch a campaign', () => {
  it('fills in the documented defaults for what is omitted', () => {
    spec.given([]).when(launch()).then([launched]);
    expect(DEFAULT_CAMPAIGN_TARGETS).toEqual({ completionRate: 1, satisfactionRate: 1 });
    expect(DEFAULT_CAMPAIGN_SLA.resolveWithinWorkingDays).toBe(15);
  });

  it('keeps what is given, field by field', () => {
    const [event] = spec
      .given([])
      .when(launch({ sla: { resolveWithinWorkingDays: 10 }, thresholds: { lowCompletionRate: 0.85 } }))
      .result();
    expect(event.type === 'CampaignLaunched' && event.data.sla).toEqual({ ...DEFAULT_CAMPAIGN_SLA, resolveWithinWorkingDays: 10 });
    expect(event.type === 'CampaignLaunched' && event.data.thresholds.lowCompletionRate).toBe(0.85);
  });

  it('keeps the workflow settings (issue #18): withdrawal approval on, resolution review off by default; flags only', () => {
    expect(DEFAULT_CAMPAIGN_WORKFLOW).toEqual({ withdrawalNeedsApproval: true, resolutionNeedsReview: false });
    const [event] = spec
      .given([])
      .when(launch({ workflow: { resolutionNeedsReview: true } }))
      .result();
    expect(event.type === 'CampaignLaunched' && event.data.workflow).toEqual({
      withdrawalNeedsApproval: true,
      resolutionNeedsReview: true,
    });
    spec
      .given([])
      .when(launch({ workflow: { withdrawalNeedsApproval: 'no' as never } }))
      .thenThrows('CAMPAIGN.SETTING_INVALID', 'invalid');
    // a campaign launched before the settings existed reads as the defaults
    const { workflow: _omitted, ...before } = launched.data as typeof launched.data & { workflow?: unknown };
    const state = evolveCampaign(initialCampaignState(), { type: 'CampaignLaunched', data: before } as CampaignEvent);
    expect(state.workflow).toEqual(DEFAULT_CAMPAIGN_WORKFLOW);
  });

  it('checks settings: rates in [0, 1], whole working days', () => {
    spec
      .given([])
      .when(launch({ targets: { completionRate: 100 } }))
      .thenThrows('CAMPAIGN.SETTING_INVALID', 'invalid');
    spec
      .given([])
      .when(launch({ sla: { resolveWithinWorkingDays: 2.5 } }))
      .thenThrows('CAMPAIGN.SETTING_INVALID');
    spec
      .given([])
      .when(launch({ sla: { dueSoonWorkingDays: -1 } }))
      .thenThrows('CAMPAIGN.SETTING_INVALID');
    spec
      .given([])
      .when(launch({ thresholds: { thinCollectionIssuesPerEnterprise: Number.NaN } }))
      .thenThrows('CAMPAIGN.SETTING_INVALID');
  });

  it("keeps the unit alerts' own thresholds (minimum enterprises, completion basis) and checks them", () => {
    const [event] = spec
      .given([])
      .when(launch({ thresholds: { thinCollectionMinEnterprises: 50, lowCompletionBasis: 'threshold', lateRecordingWorkingDays: 5 } }))
      .result();
    expect(event.type === 'CampaignLaunched' && event.data.thresholds).toMatchObject({
      thinCollectionMinEnterprises: 50,
      lowCompletionBasis: 'threshold',
      lateRecordingWorkingDays: 5,
    });
    expect(DEFAULT_CAMPAIGN_THRESHOLDS).toMatchObject({
      thinCollectionMinEnterprises: 20,
      lowCompletionBasis: 'either',
      lateRecordingWorkingDays: 3,
    });
    expect(DEFAULT_CAMPAIGN_SLA.dueSoonWorkingDays).toBe(1);
    const error = spec
      .given([])
      .when(launch({ thresholds: { lowCompletionBasis: 'average' as never } }))
      .thenThrows('CAMPAIGN.SETTING_INVALID', 'invalid');
    expect(error.fields).toEqual({ 'thresholds.lowCompletionBasis': 'must be one of threshold, campaign_rate, either' });
    spec
      .given([])
      .when(launch({ thresholds: { thinCollectionMinEnterprises: 2.5 } }))
      .thenThrows('CAMPAIGN.SETTING_INVALID');
  });

  it('checks the period', () => {
    spec
      .given([])
      .when(launch({ endsOn: '2023-04-30' }))
      .thenThrows('CAMPAIGN.PERIOD_INVALID', 'invalid');
    spec
      .given([])
      .when(launch({ startsOn: '2023-05-32' }))
      .thenThrows('COMMON.DATE_INVALID');
    spec
      .given([])
      .when(launch({ title: '' }))
      .thenThrows('COMMON.TEXT_REQUIRED');
  });

  it('once, by an administrator', () => {
    spec.given([launched]).when(launch()).thenThrows('CAMPAIGN.ALREADY_EXISTS');
    spec.given([]).when(launch(), at('2023-04-28 10:00', supervisor)).thenThrows('CAMPAIGN.ADMIN_ONLY', 'forbidden');
    spec.given([]).when(launch(), at('2023-04-28 10:00', officerA)).thenThrows('CAMPAIGN.ADMIN_ONLY');
  });
});

describe('close a campaign', () => {
  it('an open campaign, once, by an administrator', () => {
    spec
      .given([launched])
      .when(close, at('2023-07-01 10:00', admin))
      .then([{ type: 'CampaignClosed', data: { campaignId: 'c-2023' } }]);
    spec
      .given([launched, { type: 'CampaignClosed', data: { campaignId: 'c-2023' } }])
      .when(close, at('2023-07-02 10:00'))
      .thenThrows('CAMPAIGN.CLOSED');
    spec.given([]).when(close).thenThrows('CAMPAIGN.NOT_FOUND', 'not_found');
    spec.given([launched]).when(close, at('2023-07-01 10:00', supervisor)).thenThrows('CAMPAIGN.ADMIN_ONLY');
  });

  it('not before the campaign starts', () => {
    spec.given([launched]).when(close, at('2023-04-29 10:00', admin)).thenThrows('COMMON.OCCURRED_BEFORE_CAMPAIGN');
  });

  it('remembers the closing date', () => {
    const state = [
      launched,
      { type: 'CampaignClosed', data: { campaignId: 'c-2023' }, occurredAt: new Date('2023-07-01T02:00:00Z') } as CampaignEvent,
    ].reduce(evolveCampaign, initialCampaignState());
    expect(state).toMatchObject({ status: 'closed', closedOn: '2023-07-01', startsOn: '2023-05-01' });
  });
});
