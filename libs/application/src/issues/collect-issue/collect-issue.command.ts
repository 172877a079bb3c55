import type { CollectIssue } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new CollectIssueCommand({ issueId, campaignId, unitId, enterpriseCode, activityId?, kind, category, title, description }, meta?)`. */
export class CollectIssueCommand extends BanjieCommand<CollectIssue['data']> {}
