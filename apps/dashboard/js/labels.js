// zh-CN labels (with English where it helps) for the words of DESIGN §2.

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

/** The alert ladder: label, English, and the CSS class that carries its colour. */
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

/** Report columns: the circular's six first, the rest behind "更多列". */
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
