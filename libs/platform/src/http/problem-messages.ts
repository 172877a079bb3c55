/**
 * The one catalogue of Chinese messages for banjie's stable error codes (docs/api.md "Errors").
 * The exception filter answers a problem's `detail` from it when the client prefers Chinese
 * (`Accept-Language: zh-CN`; the pages always send it), so every page shows the same sentence for
 * the same refusal; other clients keep the English detail with its ids and values. A test checks
 * that every code the source raises has an entry here.
 */
export const PROBLEM_MESSAGES_ZH: Readonly<Record<string, string>> = {
  // access and accounts
  'ACCESS.NO_UNIT': '您的账号未分配单位，不能办理该事项，请联系管理员。',
  'ACCESS.ROLE_FORBIDDEN': '您的角色无权进行此操作。',
  'ACCESS.ROUTE_NOT_IN_POLICY': '该功能未开放。',
  'ACCESS.UNIT_FORBIDDEN': '您无权办理其他单位的事项。',
  'ACCESS.UNIT_OUT_OF_SCOPE': '该单位不在您的管辖范围内。',
  'ACCOUNT.INVALID': '账号名格式不正确（字母、数字、点、横线或下划线）。',
  'ACCOUNT.REQUIRED': '请填写账号名。',
  'ACCOUNT.TAKEN': '该账号名已被使用，请换一个。',
  'AUTH.ACCOUNT_DISABLED': '该账号已停用，请联系管理员。',
  'AUTH.ACCOUNT_LOCKED': '密码错误次数过多，账号已暂时锁定。',
  'AUTH.CURRENT_PASSWORD_WRONG': '当前密码不正确。',
  'AUTH.NOT_A_SESSION': '只有用账号密码登录的会话才能修改密码或退出。',
  'AUTH.NO_PASSWORD': '该账号尚未设置密码，请联系管理员。',
  'AUTH.PASSWORD_CHANGE_REQUIRED': '请先修改密码。',
  'AUTH.REQUIRED': '请先登录。',
  'AUTH.SIGN_IN_FAILED': '账号或密码错误。',
  'AUTH.TOKEN_INVALID': '令牌无效、已过期或已撤销，请重新登录。',
  'AUTH.TOO_MANY_FAILURES': '本机登录失败次数过多，请稍后再试。',
  'PASSWORD.CONTAINS_ACCOUNT': '密码不能包含账号名。',
  'PASSWORD.REQUIRED': '请填写密码。',
  'PASSWORD.TOO_COMMON': '密码过于常见，请换一个。',
  'PASSWORD.TOO_LONG': '密码过长。',
  'PASSWORD.TOO_SHORT': '密码至少 10 个字符。',
  'PASSWORD.TOO_SIMPLE': '密码须含字母、数字、其他字符中的至少两类。',
  'PASSWORD.UNCHANGED': '新密码不能与当前密码相同。',
  'TOKEN.NOT_FOUND': '该令牌不存在。',
  'USER.INVALID': '用户信息不完整或不正确。',
  'USER.NOT_FOUND': '该用户不存在。',
  'USER.SELF_DISABLE': '不能停用自己的账号。',
  'METRICS.UNAUTHORIZED': '查看运行指标需要指标令牌。',
  RATE_LIMITED: '请求过于频繁，请稍后再试。',

  // activities
  'ACTIVITY.ALREADY_EXISTS': '该帮扶活动已登记过。',
  'ACTIVITY.ENTERPRISE_NOT_REACHED': '该企业不在这次活动走访的企业中。',
  'ACTIVITY.HELD_IN_FUTURE': '活动日期不能晚于今天。',
  'ACTIVITY.MISMATCH': '该活动不属于本活动期或本单位。',
  'ACTIVITY.NOT_FOUND': '该帮扶活动不存在。',
  'ACTIVITY.NOT_OWN_UNIT': '只能登记本单位的帮扶活动。',
  'ACTIVITY.NO_ENTERPRISES': '请至少选择一家走访的企业。',
  'ACTIVITY.OCCURRED_AT_MISMATCH': '发生时间须与活动日期一致。',

  // attachments
  'ATTACHMENT.FILE_MISSING': '附件文件已丢失或被改动。',
  'ATTACHMENT.INVALID': '附件信息不正确，请重新上传。',
  'ATTACHMENT.NOT_FOUND': '该附件不存在。',
  'ATTACHMENT.NO_FILE': '请选择要上传的文件。',
  'ATTACHMENT.ONE_FILE': '每次只能上传一个文件。',
  'ATTACHMENT.TOO_LARGE': '文件过大（每个文件不超过 10 MB）。',
  'ATTACHMENT.TYPE_NOT_ACCEPTED': '不支持该文件类型（可上传图片、PDF、Word、Excel）。',

  // audit and read side
  'AUDIT.PAGE_TOO_DEEP': '翻页过深，请缩小查询范围。',
  'PROJECTION.NOT_READY': '统计数据正在准备，请稍后再试。',
  'PROJECTION.REBUILD_IN_PROGRESS': '统计数据正在重建，请稍后再试。',
  'PROJECTION.UNKNOWN': '没有该统计视图。',
  'REPORT.AS_OF_INVALID': '截至日期不正确（格式为 年-月-日）。',
  'REPORT.KNOWN_AT_INVALID': '知悉时间不正确。',
  'DASHBOARD.ASSET_NOT_FOUND': '页面文件不存在。',

  // calendar, campaigns, units, enterprises
  'CALENDAR.ADMIN_ONLY': '只有管理员可以调整工作日历。',
  'CAMPAIGN.ADMIN_ONLY': '只有管理员可以发起或结束活动。',
  'CAMPAIGN.ALREADY_EXISTS': '该活动已存在。',
  'CAMPAIGN.CLOSED': '该活动已结束，不能再登记。',
  'CAMPAIGN.NOT_FOUND': '该活动不存在。',
  'CAMPAIGN.OUTSIDE_PERIOD': '发生日期不在活动期间内。',
  'CAMPAIGN.PERIOD_INVALID': '活动起止日期不正确。',
  'CAMPAIGN.CATEGORIES_INVALID': '问题类别目录不正确：至少一个类别，不能为空或重复，每个最多 100 字，最多 50 个。',
  'CAMPAIGN.SETTING_INVALID': '活动的时限或预警设置超出允许范围。',
  'UNIT.ADMIN_ONLY': '只有管理员可以维护单位。',
  'UNIT.ALREADY_EXISTS': '该单位已存在。',
  'UNIT.HAS_OPEN_ISSUES': '该单位还有未办结的问题，不能撤销。',
  'UNIT.NAME_UNCHANGED': '新名称与原名称相同。',
  'UNIT.NOT_FOUND': '该单位不存在。',
  'UNIT.PARENT_LEVEL_INVALID': '上级单位的层级不正确（县市区的上级须为市州）。',
  'UNIT.PARENT_REQUIRED': '县市区单位须指定上级市州单位。',
  'UNIT.RETIRED': '该单位已撤销。',
  'ENTERPRISE.ALREADY_EXISTS': '该企业已登记。',
  'ENTERPRISE.CREDIT_CODE_INVALID': '统一社会信用代码不正确（18 位，校验位须一致）。',
  'ENTERPRISE.NOT_FOUND': '该企业未登记。',

  // common rules
  'COMMON.DATE_INVALID': '日期不正确。',
  'COMMON.OCCURRED_AT_INVALID': '发生时间不正确。',
  'COMMON.OCCURRED_BEFORE_CAMPAIGN': '发生时间早于活动开始。',
  'COMMON.OCCURRED_IN_FUTURE': '发生时间不能晚于现在。',
  'COMMON.TEXT_REQUIRED': '请填写必填内容。',
  'COMMON.TEXT_TOO_LONG': '填写的内容过长。',
  'COMMON.VALUE_INVALID': '填写的内容不正确。',

  // issues
  'ISSUE.ALREADY_EXISTS': '该问题已登记过。',
  'ISSUE.AWAITING_DECISION': '该问题有待督办专班审核的申请（撤回或办结），审核前只能记录办理进展。',
  'ISSUE.DUE_DATE_INVALID': '承诺办结时限不正确（须晚于受理日期）。',
  'ISSUE.EXTENSION_ALREADY_REQUESTED': '该问题已有一项待审核的延期申请，请等待督办专班决定。',
  'ISSUE.FEEDBACK_ALREADY_GIVEN': '企业已对本次办理结果作出评价。',
  'ISSUE.FEEDBACK_CHANNEL_FORBIDDEN': '该评价渠道不可用。',
  'ISSUE.CATEGORY_NOT_IN_CATALOGUE': '问题类别不在本活动的类别目录中，请从目录中选择。',
  'ISSUE.NOT_FOUND': '该问题不存在。',
  'ISSUE.NOT_IN_PROGRESS': '问题不在办理中，不能进行此操作。',
  'ISSUE.NOT_OPEN': '问题已办结或已撤回，不能进行此操作。',
  'ISSUE.NOT_OVERDUE': '问题尚未超期。',
  'ISSUE.NOT_PENDING': '问题已受理，不能重复受理。',
  'ISSUE.NOT_RESOLVED': '问题尚未办结。',
  'ISSUE.NOT_RESPONSIBLE_UNIT': '只有责任单位可以办理该问题。',
  'ISSUE.NO_EXTENSION_REQUEST': '该问题没有待审核的延期申请。',
  'ISSUE.NO_RESOLUTION_SUBMITTED': '该问题没有待审核的办结申请。',
  'ISSUE.NO_WITHDRAWAL_REQUEST': '该问题没有待审核的撤回申请。',
  'ISSUE.OCCURRED_BEFORE_PREVIOUS': '发生时间早于该问题的上一条记录。',
  'ISSUE.REOPEN_NOT_ALLOWED': '只有企业不满意的问题才能重新办理。',
  'ISSUE.SAME_UNIT': '不能转办给本单位。',
  'ISSUE.SUPERVISOR_ONLY': '只有督办专班可以进行此操作。',
  'ISSUE.SYSTEM_ONLY': '该记录只能由系统生成。',
  'ISSUE.WITHDRAWAL_ALREADY_REQUESTED': '该问题已提交撤回申请，请等待督办专班审核。',
  'ISSUE.WITHDRAWN': '问题已撤回。',

  // supervision notices
  'NOTICE.ALREADY_ANSWERED': '该督办通知已回复。',
  'NOTICE.ALREADY_EXISTS': '该督办通知已发出。',
  'NOTICE.CLOSED': '该督办通知已办结。',
  'NOTICE.ISSUE_NOT_OF_UNIT': '督办的问题不属于该单位。',
  'NOTICE.NOT_ADDRESSEE': '只有被督办单位可以回复该通知。',
  'NOTICE.NOT_FOUND': '该督办通知不存在。',
  'NOTICE.OCCURRED_BEFORE_PREVIOUS': '发生时间早于该通知的上一条记录。',
  'NOTICE.RESPOND_BY_INVALID': '回复期限不正确（须晚于发出日期）。',
  'NOTICE.SUPERVISOR_ONLY': '只有督办专班可以发出或办结督办通知。',

  // the enterprise's feedback link
  'FEEDBACK_LINK.ALREADY_RATED': '本次办理结果已经评价过（办理单位已回访录入），谢谢！',
  'FEEDBACK_LINK.CONFLICT': '问题状态刚刚发生变化，请刷新页面后再评价。',
  'FEEDBACK_LINK.EXPIRED': '链接已过有效期，请联系办理单位重新发送。',
  'FEEDBACK_LINK.INVALID': '链接不完整或已被改动，请按收到的原样打开。',
  'FEEDBACK_LINK.ISSUE_NOT_FOUND': '找不到对应的问题，请联系办理单位。',
  'FEEDBACK_LINK.SUPERSEDED': '该问题已重新办理，此链接已失效；请使用办理单位最新发送的链接。',
  'FEEDBACK_LINK.USED': '此链接已经使用过，您的评价已收到，谢谢！',

  // requests, concurrency and the store
  'DATABASE.UNAVAILABLE': '数据库暂时不可用（可能正在切换），请几秒后重试。',
  'EVENT.SCHEMA': '记录格式不正确。',
  'IDEMPOTENCY.IN_PROGRESS': '同一请求正在处理中，请稍候。',
  'IDEMPOTENCY.KEY_INVALID': '请求标识（Idempotency-Key）不正确。',
  'IDEMPOTENCY.KEY_REUSED': '请求标识已用于另一项请求。',
  INTERNAL: '系统出错，已记录，请稍后再试或联系管理员。',
  'REQUEST.ACTOR_INVALID': '请求的身份信息不正确。',
  'REQUEST.BAD_URL': '网址不正确。',
  'REQUEST.BODY_NOT_OBJECT': '请求内容格式不正确。',
  'REQUEST.CONTENT_LENGTH_INVALID': '请求长度不正确。',
  'REQUEST.EMPTY_BODY': '请求内容为空。',
  'REQUEST.HEADERS_TOO_LARGE': '请求头过大。',
  'REQUEST.ID_INVALID': '编号格式不正确。',
  'REQUEST.IF_MATCH_INVALID': '版本号（If-Match）格式不正确。',
  'REQUEST.INVALID': '填写的内容有误，请检查后再提交。',
  'REQUEST.MALFORMED': '请求格式不正确。',
  'REQUEST.MALFORMED_JSON': '请求内容不是有效的 JSON。',
  'REQUEST.NUL_CHARACTER': '内容含有不允许的字符。',
  'REQUEST.PATH_PARAMETER_TOO_LONG': '网址中的编号过长。',
  'REQUEST.TOO_DEEP': '请求内容嵌套过深。',
  'REQUEST.TOO_LARGE': '请求内容过大。',
  'REQUEST.TOO_LONG': '填写的内容过长。',
  'REQUEST.TOO_MANY_VALUES': '参数过多。',
  'REQUEST.UNPAIRED_SURROGATE': '内容含有无效的字符。',
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': '不支持的请求格式（请用 JSON）。',
  'STREAM.CONCURRENCY': '记录刚被他人更新，请刷新后重试。',
  'STREAM.DUPLICATE_EVENT_ID': '该记录已保存过。',
  'STREAM.PRECONDITION_FAILED': '记录已被他人更新（版本不一致），请刷新后重试。',
};

/** What a status means when a code has no entry of its own (HTTP.404, a route Nest did not find). */
const BY_STATUS_ZH: Readonly<Record<number, string>> = {
  400: '请求不正确。',
  401: '请先登录。',
  403: '无权进行此操作。',
  404: '请求的内容不存在。',
  405: '不支持该操作。',
  406: '无法按要求的格式答复。',
  409: '与当前记录冲突，请刷新后重试。',
  412: '记录已被他人更新，请刷新后重试。',
  413: '请求内容过大。',
  414: '网址过长。',
  415: '不支持的请求格式。',
  422: '不符合办理规则。',
  429: '请求过于频繁，请稍后再试。',
  431: '请求头过大。',
  500: '系统出错，已记录，请稍后再试或联系管理员。',
  503: '服务暂时不可用，请稍后再试。',
};

/**
 * A per-field message (class-validator's, a domain rule's `fields`) in Chinese: the page shows it
 * beside the input it names, so it need not repeat the field. Messages already in Chinese stay.
 */
const FIELD_RULES_ZH: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/[\u4e00-\u9fff]/, () => ''],
  [/should not exist/i, () => '不应提供该项。'],
  [/blank|empty|required|missing/i, () => '必填。'],
  [/(?:shorter than or equal to|at most) (\d+)/i, (m) => `不能超过 ${m[1]} 个字符。`],
  [/(?:longer than or equal to|at least) (\d+)/i, (m) => `至少 ${m[1]} 个字符。`],
  [/credit code|check character/i, () => '统一社会信用代码不正确（18 位，校验位须一致）。'],
  [/YYYY-MM-DD|calendar date|\bdate\b/i, () => '日期格式不正确（年-月-日）。'],
  [/instant|ISO 8601|time/i, () => '时间格式不正确。'],
  [/one of|must be (?:a|an) (?:valid )?(?:enum|value)/i, () => '不在可选范围内。'],
  [/integer|number/i, () => '须为数字。'],
  [/an id|letters, digits/i, () => '编号格式不正确。'],
];

export function chineseFieldMessage(message: string): string {
  for (const [pattern, say] of FIELD_RULES_ZH) {
    const m = message.match(pattern);
    if (m) return say(m) || message;
  }
  return '格式不正确。';
}

/** The Chinese message of a code (else of its status). */
export function chineseMessage(code: string, status: number): string {
  return PROBLEM_MESSAGES_ZH[code] ?? BY_STATUS_ZH[status] ?? (status >= 500 ? BY_STATUS_ZH[500] : BY_STATUS_ZH[400]);
}

/**
 * Whether an Accept-Language header's most wanted language is Chinese (`zh`, `zh-CN`, `zh-Hans`…);
 * ties go to the first listed, as RFC 9110 leaves it to the server.
 */
export function prefersChinese(acceptLanguage: string | undefined): boolean {
  if (!acceptLanguage) return false;
  let best = { tag: '', q: 0 };
  for (const part of acceptLanguage.split(',')) {
    const [tag, ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (tag && Number.isFinite(q) && q > best.q) best = { tag: tag.toLowerCase(), q };
  }
  return best.tag === 'zh' || best.tag.startsWith('zh-');
}
