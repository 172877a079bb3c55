// zh-CN labels for the words of DESIGN §2 (English only in `title` tooltips: `en`).

export const LEVELS = { department: '厅本级', prefecture: '市州', county: '县市区' };

export const FORMS = { door_to_door: '上门走访', symposium: '座谈会', online: '线上', phone: '电话' };

export const STATES = {
  pending: '待受理',
  in_progress: '办理中',
  resolved: '已办结',
  withdrawn: '已撤回',
  reopened: '重办',
};

export const RATINGS = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };

/** The alert ladder: label, English (a tooltip), and the CSS class that carries its colour. */
export const ALERT_KINDS = {
  due_soon: { label: '黄牌 · 临期', en: 'due soon', tone: 'yellow' },
  overdue: { label: '红牌 · 超期', en: 'overdue', tone: 'red' },
  escalated: { label: '通报', en: 'escalated', tone: 'black' },
  stalled: { label: '停滞', en: 'stalled', tone: 'orange' },
  low_completion: { label: '办结率偏低', en: 'low completion', tone: 'blue' },
  low_satisfaction: { label: '满意率偏低', en: 'low satisfaction', tone: 'blue' },
  thin_collection: { label: '问题收集偏少', en: 'thin collection', tone: 'purple' },
  symposium_substitution: { label: '以会代访', en: 'symposium for visits', tone: 'purple' },
  notice_overdue: { label: '督办逾期未复', en: 'notice unanswered', tone: 'red' },
};

export const EVENT_TYPES = {
  IssueCollected: '收集问题',
  IssueAccepted: '受理',
  IssueTransferred: '转办',
  IssueProgressRecorded: '办理进展',
  IssueDeadlineExtended: '延长时限',
  IssueResolved: '办结',
  FeedbackGiven: '企业反馈',
  IssueReopened: '重办',
  IssueWithdrawn: '撤回 / 不予受理',
  IssueBecameOverdue: '超期',
  IssueDeadlineExtensionRequested: '申请延期',
  IssueDeadlineExtensionRefused: '延期申请未获同意',
  IssueWithdrawalRequested: '申请撤回',
  IssueWithdrawalRefused: '撤回申请未获同意',
  IssueResolutionSubmitted: '提交办结审核',
  IssueResolutionReturned: '办结审核退回',
};

export const ROLES = { officer: '办理人员', supervisor: '督办专班', admin: '管理员', system: '系统', enterprise: '企业' };

/** Where a record came from (metadata.source). */
export const SOURCES = {
  api: '网页录入',
  import: '数据导入',
  watcher: '超期监控（系统）',
  cli: '命令行',
  demo: '演示数据',
  audit: '审计检查点',
};

/** How an enterprise's rating reached the system. */
export const CHANNELS = { enterprise_link: '企业评价链接', callback: '电话回访', on_site: '现场评价' };

const pct = (r) => {
  if (r == null || Number.isNaN(r)) return '—';
  return `${(Math.round(r * 10000 + 1e-7) / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
};

/**
 * An alert's details (libs/supervision's rules) as one Chinese sentence, e.g. "已超期 5 个工作日（承诺
 * 时限 2023-08-16），按规定予以通报". Unknown details are left out rather than shown as keys.
 */
export function alertSentence(kind, d = {}) {
  const text = (() => {
    switch (kind) {
      case 'due_soon':
        return `承诺时限 ${d.dueOn ?? '—'}，${d.workingDaysBefore ? `${d.workingDaysBefore} 个工作日内` : '即将'}到期，亮黄牌提醒`;
      case 'overdue':
        return `已超过承诺时限 ${d.dueOn ?? '—'} 未办结，亮红牌${d.reminder ? '并催办' : ''}`;
      case 'escalated':
        return `已超期 ${d.workingDaysOverdue ?? '—'} 个工作日（承诺时限 ${d.dueOn ?? '—'}），按规定予以通报`;
      case 'stalled':
        return `自 ${d.lastProgressOn ?? '—'} 起 ${d.workingDays ?? '—'} 个工作日没有办理进展`;
      case 'low_completion': {
        const below = [d.belowThreshold ? `要求的 ${pct(d.threshold)}` : null, d.belowCampaignRate ? `全省的 ${pct(d.campaignRate)}` : null]
          .filter(Boolean)
          .join('和');
        return `办结率 ${pct(d.completionRate)}（办结 ${d.issuesResolved ?? '—'} / 收集 ${d.issuesCollected ?? '—'} 项）${below ? `，低于${below}` : ''}`;
      }
      case 'low_satisfaction':
        return `满意率 ${pct(d.satisfactionRate)}（满意和基本满意 ${d.satisfiedOrBasicallySatisfied ?? '—'} / 已评价 ${d.rated ?? '—'} 项），低于要求的 ${pct(d.threshold)}`;
      case 'thin_collection':
        return `走访企业 ${d.enterprisesVisited ?? '—'} 家，收集问题 ${d.issuesCollected ?? '—'} 项，平均每家 ${d.issuesPerEnterprise ?? '—'} 项，低于 ${d.threshold ?? '—'} 项`;
      case 'symposium_substitution':
        return `${d.heldOn ?? ''} 召开座谈会涉及企业 ${d.enterprises ?? '—'} 家，仅收集问题 ${d.issuesCollected ?? '—'} 项（每家 ${d.issuesPerEnterprise ?? '—'} 项，低于 ${d.threshold ?? '—'} 项），存在以会代访`;
      case 'notice_overdue':
        return `督办通知要求 ${d.respondBy ?? '—'} 前回复，逾期未回复${d.reason ? `（督办事由：${d.reason}）` : ''}`;
      default:
        return '';
    }
  })();
  // An overdue seen, then erased by a resolution on time recorded late (libs/supervision issue-alerts).
  const erased = d.recordedOn ? `；${d.recordedOn} 补录${d.resolvedOnTime ? '按期办结' : '办理结果'}，此预警不再计入` : '';
  return text + erased;
}

/** Report columns: the circular's six first, the rest behind "更多列"; `en` is a tooltip. */
export const MAIN_COLUMNS = [
  { key: 'enterprisesVisited', label: '走访企业(家)', en: 'enterprises visited' },
  { key: 'activities', label: '开展帮扶活动(次)', en: 'activities' },
  { key: 'issuesCollected', label: '收集问题建议(项)', en: 'issues collected' },
  { key: 'issuesResolved', label: '已办结(项)', en: 'resolved' },
  { key: 'completionRate', label: '办结率', en: 'completion', rate: true },
  { key: 'satisfactionRate', label: '企业反馈满意率', en: 'satisfaction', rate: true },
];

export const EXTRA_COLUMNS = [
  ...Object.entries(FORMS).map(([form, label]) => ({
    key: `form.${form}`,
    label: `${label}(次)`,
    en: form.replace(/_/g, ' '),
    get: (r) => r.activitiesByForm?.[form] ?? 0,
  })),
  {
    key: 'issuesPerEnterprise',
    label: '问题/企业',
    en: 'issues per enterprise',
    get: (r) => (r.enterprisesVisited ? (r.issuesCollected / r.enterprisesVisited).toFixed(2) : '—'),
  },
  { key: 'rated', label: '已评价(项)', en: 'rated' },
  { key: 'satisfied', label: '满意', en: 'satisfied' },
  { key: 'basicallySatisfied', label: '基本满意', en: 'basically' },
  { key: 'dissatisfied', label: '不满意', en: 'dissatisfied' },
  { key: 'onTimeResolved', label: '按期办结(项)', en: 'on time' },
  { key: 'onTimeRate', label: '按期办结率', en: 'on-time rate', rate: true },
  { key: 'openOverdue', label: '超期未办结(项)', en: 'open overdue' },
];
