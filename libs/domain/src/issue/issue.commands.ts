/** Every issue command, for handlers and controllers that route by `type`. */
import type { AcceptIssue } from './accept-issue';
import type { CollectIssue } from './collect-issue';
import type { ExtendDeadline } from './extend-deadline';
import type { GiveFeedback } from './give-feedback';
import type { RecordOverdue } from './record-overdue';
import type { RecordProgress } from './record-progress';
import type { ReopenIssue } from './reopen-issue';
import type { ResolveIssue } from './resolve-issue';
import type { TransferIssue } from './transfer-issue';
import type { WithdrawIssue } from './withdraw-issue';
import type { RequestExtension } from './request-extension';
import type { DecideExtension } from './decide-extension';
import type { DecideWithdrawal } from './decide-withdrawal';
import type { ReviewResolution } from './review-resolution';

export type IssueCommand =
  | CollectIssue
  | AcceptIssue
  | TransferIssue
  | RecordProgress
  | ExtendDeadline
  | ResolveIssue
  | GiveFeedback
  | ReopenIssue
  | WithdrawIssue
  | RecordOverdue
  | RequestExtension
  | DecideExtension
  | DecideWithdrawal
  | ReviewResolution;
