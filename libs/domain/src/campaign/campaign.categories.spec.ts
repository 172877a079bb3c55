import { collectIssue, type CollectIssue } from '../issue/collect-issue';
import { evolveIssue, initialIssueState } from '../issue/issue.state';
import { deciderSpec } from '../testing/decider-spec';
import { admin, at, officerA, supervisor, units, VALID_CODE } from '../testing/fixtures';
import { catalogueEntryOf, checkCatalogue, DEFAULT_ISSUE_CATEGORIES, LEGACY_CATEGORY_ALIASES } from './campaign.categories';
import {
  DEFAULT_CAMPAIGN_SLA,
  DEFAULT_CAMPAIGN_TARGETS,
  DEFAULT_CAMPAIGN_THRESHOLDS,
  DEFAULT_CAMPAIGN_WORKFLOW,
} from './campaign.defaults';
import type { CampaignEvent, CampaignLaunched } from './campaign.events';
import { evolveCampaign, initialCampaignState, type CampaignState } from './campaign.state';
import { changeCampaignCategories, type ChangeCampaignCategories } from './change-campaign-categories';
import { closeCampaign, type CloseCampaign } from './close-campaign';
import { launchCampaign, type LaunchCampaign } from './launch-campaign';

type CampaignCommand = LaunchCampaign | CloseCampaign | ChangeCampaignCategories;

const spec = deciderSpec({
  initial: initialCampaignState,
  evolve: evolveCampaign,
  decide: (s: CampaignState, c: CampaignCommand, ctx) =>
    c.type === 'LaunchCampaign'
      ? launchCampaign(s, c, ctx)
      : c.type === 'CloseCampaign'
        ? closeCampaign(s, c, ctx)
        : changeCampaignCategories(s, c, ctx),
  context: () => at('2023-04-28 10:00', admin),
});

const launch = (categories?: string[] | null): LaunchCampaign => ({
  type: 'LaunchCampaign',
  data: {
    campaignId: 'c-2023',
    title: '服务企业月',
    startsOn: '2023-05-01',
    endsOn: '2023-06-30',
    ...(categories !== undefined && { categories }),
  },
});
const settings = {
  targets: { ...DEFAULT_CAMPAIGN_TARGETS },
  sla: { ...DEFAULT_CAMPAIGN_SLA },
  thresholds: { ...DEFAULT_CAMPAIGN_THRESHOLDS },
  workflow: { ...DEFAULT_CAMPAIGN_WORKFLOW },
};
/** A campaign launched before catalogues existed: its event has no `categories`. */
const launchedWithout: CampaignLaunched = {
  type: 'CampaignLaunched',
  data: { campaignId: 'c-2023', title: '服务企业月', startsOn: '2023-05-01', endsOn: '2023-06-30', ...settings },
};
const launchedWith = (categories: string[]): CampaignLaunched => ({ ...launchedWithout, data: { ...launchedWithout.data, categories } });
const change = (categories: string[]): ChangeCampaignCategories => ({
  type: 'ChangeCampaignCategories',
  data: { campaignId: 'c-2023', categories },
});
const stateOf = (events: CampaignEvent[]) => events.reduce(evolveCampaign, initialCampaignState());

describe('a campaign’s category catalogue', () => {
  it('defaults to 行政审批 … 其他 at launch, recorded in the event', () => {
    expect(DEFAULT_ISSUE_CATEGORIES).toEqual(['行政审批', '工程款结算', '资质资格', '融资信贷', '用地规划', '政策咨询', '其他']);
    spec
      .given([])
      .when(launch())
      .then([{ type: 'CampaignLaunched', data: { ...launchedWithout.data, categories: [...DEFAULT_ISSUE_CATEGORIES] } }]);
    spec
      .given([])
      .when(launch(null))
      .then([{ type: 'CampaignLaunched', data: { ...launchedWithout.data, categories: [...DEFAULT_ISSUE_CATEGORIES] } }]);
  });

  it('keeps a catalogue given at launch, trimmed, in its order', () => {
    const [event] = spec
      .given([])
      .when(launch([' 行政审批 ', '燃气安全', '其他']))
      .result();
    expect(event.type === 'CampaignLaunched' && event.data.categories).toEqual(['行政审批', '燃气安全', '其他']);
  });

  it('refuses an empty catalogue, blank or repeated names, too long a name, too many entries', () => {
    for (const bad of [[], [''], ['  '], ['资质资格', ' 资质资格'], ['长'.repeat(101)], Array.from({ length: 51 }, (_, i) => `类别${i}`)]) {
      const error = spec.given([]).when(launch(bad)).thenThrows('CAMPAIGN.CATEGORIES_INVALID', 'invalid');
      expect(Object.keys(error.fields ?? {})).toEqual(['categories']);
      expect(error.fields!.categories).toMatch(/类别|重复|超过/);
    }
    expect(() => checkCatalogue('行政审批')).toThrow(/catalogue is empty/);
    expect(() => checkCatalogue([1])).toThrow(/blank/);
  });

  it('a campaign launched without one (before catalogues) reads as the default', () => {
    expect(stateOf([launchedWithout]).categories).toEqual([...DEFAULT_ISSUE_CATEGORIES]);
    expect(stateOf([launchedWith(['燃气安全', '其他'])]).categories).toEqual(['燃气安全', '其他']);
  });

  it('an administrator changes it, before, during and after the campaign; the same list changes nothing', () => {
    spec
      .given([launchedWithout])
      .when(change(['行政审批', ' 燃气安全 ', '其他']))
      .then([{ type: 'CampaignCategoriesChanged', data: { campaignId: 'c-2023', categories: ['行政审批', '燃气安全', '其他'] } }]);
    spec
      .given([launchedWithout])
      .when(change([...DEFAULT_ISSUE_CATEGORIES]))
      .then([]);
    const closed: CampaignEvent = { type: 'CampaignClosed', data: { campaignId: 'c-2023' } };
    spec
      .given([launchedWithout, closed])
      .when(change(['其他']), at('2023-07-20 10:00', admin))
      .then([{ type: 'CampaignCategoriesChanged', data: { campaignId: 'c-2023', categories: ['其他'] } }]);
    const changed: CampaignEvent = { type: 'CampaignCategoriesChanged', data: { campaignId: 'c-2023', categories: ['燃气安全'] } };
    expect(stateOf([launchedWithout, changed]).categories).toEqual(['燃气安全']);
  });

  it('only an administrator changes it, of a launched campaign, with a valid list', () => {
    spec
      .given([launchedWithout])
      .when(change(['其他']), at('2023-05-10 10:00', supervisor))
      .thenThrows('CAMPAIGN.ADMIN_ONLY', 'forbidden');
    spec
      .given([launchedWithout])
      .when(change(['其他']), at('2023-05-10 10:00', officerA))
      .thenThrows('CAMPAIGN.ADMIN_ONLY');
    spec
      .given([])
      .when(change(['其他']))
      .thenThrows('CAMPAIGN.NOT_FOUND', 'not_found');
    spec.given([launchedWithout]).when(change([])).thenThrows('CAMPAIGN.CATEGORIES_INVALID', 'invalid');
    spec
      .given([launchedWithout])
      .when(change(['其他']), at('2023-04-28 10:00', admin, '2023-04-27 10:00'))
      .thenThrows('COMMON.OCCURRED_IN_FUTURE');
  });
});

describe('collecting an issue takes its category from the catalogue', () => {
  const collect = (category: string): CollectIssue => ({
    type: 'CollectIssue',
    data: {
      issueId: 'issue-1',
      campaignId: 'c-2023',
      unitId: 'unit-a',
      enterpriseCode: VALID_CODE,
      kind: 'problem',
      category,
      title: '资质升级困难',
      description: '企业申请资质升级遇到困难',
    },
  });
  const collectIn = (campaign: CampaignState) =>
    deciderSpec({
      initial: initialIssueState,
      evolve: evolveIssue,
      decide: (s, c: CollectIssue, ctx) => collectIssue(s, c, ctx, { campaign, unit: units['unit-a'], enterpriseRegistered: true }),
      context: () => at('2023-05-10 10:00', officerA),
    });

  it('accepts a category of the catalogue (trimmed)', () => {
    const [event] = collectIn(stateOf([launchedWithout]))
      .given([])
      .when(collect(' 工程款结算 '))
      .result();
    expect(event.type === 'IssueCollected' && event.data.category).toBe('工程款结算');
    const [own] = collectIn(stateOf([launchedWith(['燃气安全', '其他'])]))
      .given([])
      .when(collect('燃气安全'))
      .result();
    expect(own.type === 'IssueCollected' && own.data.category).toBe('燃气安全');
  });

  it('refuses one outside it, naming the catalogue (in Chinese beside the field), and writes nothing', () => {
    const error = collectIn(stateOf([launchedWithout]))
      .given([])
      .when(collect('工程款'))
      .thenThrows('ISSUE.CATEGORY_NOT_IN_CATALOGUE', 'invalid');
    expect(error.message).toBe(
      'category "工程款" is not in the campaign\'s catalogue (行政审批, 工程款结算, 资质资格, 融资信贷, 用地规划, 政策咨询, 其他)',
    );
    expect(error.fields).toEqual({
      category: '须为本活动类别目录中的一项：行政审批、工程款结算、资质资格、融资信贷、用地规划、政策咨询、其他',
    });
    // after a change, the new catalogue is the one that counts
    const changed: CampaignEvent = { type: 'CampaignCategoriesChanged', data: { campaignId: 'c-2023', categories: ['燃气安全', '其他'] } };
    collectIn(stateOf([launchedWithout, changed]))
      .given([])
      .when(collect('行政审批'))
      .thenThrows('ISSUE.CATEGORY_NOT_IN_CATALOGUE');
  });
});

describe('where a recorded category counts (the report’s breakdown)', () => {
  const catalogue = [...DEFAULT_ISSUE_CATEGORIES];
  it('itself when in the catalogue; the legacy words 工程款 / 审批 / 资质 under their entries; anything else as recorded, outside', () => {
    expect(catalogueEntryOf('政策咨询', catalogue)).toEqual({ category: '政策咨询', inCatalogue: true });
    expect(catalogueEntryOf('工程款', catalogue)).toEqual({ category: '工程款结算', inCatalogue: true });
    expect(catalogueEntryOf('审批', catalogue)).toEqual({ category: '行政审批', inCatalogue: true });
    expect(catalogueEntryOf('资质', catalogue)).toEqual({ category: '资质资格', inCatalogue: true });
    expect(catalogueEntryOf('燃气安全', catalogue)).toEqual({ category: '燃气安全', inCatalogue: false });
    // an alias only maps onto an entry the catalogue has
    expect(catalogueEntryOf('招投标', catalogue)).toEqual({ category: '招投标', inCatalogue: false });
    expect(catalogueEntryOf('招投标', ['招标投标'])).toEqual({ category: '招标投标', inCatalogue: true });
    for (const target of Object.values(LEGACY_CATEGORY_ALIASES)) expect(target).not.toBe('');
  });
});
