// What the unit asked the supervision office about an issue, and the office's last answer
// (issue #18): an open extension or withdrawal request or a resolution under review, and the
// decision with its reason — shown on the workbench's issue page.
import { h } from './dom.js';

const KINDS = { extension: '延期申请', withdrawal: '撤回申请', resolution: '办结审核' };

export function requestNotes(issue) {
  const notes = [];
  if (issue.withdrawalRequest)
    notes.push(
      h(
        'p',
        { class: 'note pending-request', dataset: { kind: 'withdrawal' } },
        `撤回申请待督办专班审核（${issue.withdrawalRequest.requestedOn ?? ''} 提交）：${issue.withdrawalRequest.reason}`,
      ),
    );
  if (issue.submittedResolution)
    notes.push(
      h(
        'p',
        { class: 'note pending-request', dataset: { kind: 'resolution' } },
        `办结情况已提交，待督办专班审核（${issue.submittedResolution.submittedOn ?? ''}）：${issue.submittedResolution.resolution}`,
      ),
    );
  if (issue.extensionRequest)
    notes.push(
      h(
        'p',
        { class: 'note pending-request', dataset: { kind: 'extension' } },
        `已申请延期至 ${issue.extensionRequest.requestedDueOn}，待督办专班审批：${issue.extensionRequest.reason}`,
      ),
    );
  const d = issue.lastDecision;
  if (d)
    notes.push(
      h(
        'p',
        {
          class: `note decision ${d.approved ? 'approved' : 'refused'}`,
          id: 'last-decision',
          dataset: { kind: d.kind, approved: String(d.approved) },
        },
        `${KINDS[d.kind] ?? d.kind}${d.approved ? '已获同意' : '未获同意'}（${d.decidedOn ?? ''}）${d.reason ? `：${d.reason}` : ''}`,
      ),
    );
  return notes.length ? h('div', { id: 'issue-requests' }, notes) : null;
}

/** While a withdrawal or a resolution waits for the office, the unit can only record progress. */
export function blockedByRequest(issue, actionKey) {
  const waiting = issue.withdrawalRequest || issue.submittedResolution;
  return Boolean(waiting) && actionKey !== 'progress';
}
