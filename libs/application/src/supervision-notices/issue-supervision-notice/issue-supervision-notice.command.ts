import type { IssueSupervisionNotice } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new IssueSupervisionNoticeCommand({ noticeId, campaignId, unitId, issueIds, reason, level, respondBy? }, meta?)`. */
export class IssueSupervisionNoticeCommand extends BanjieCommand<IssueSupervisionNotice['data']> {}
