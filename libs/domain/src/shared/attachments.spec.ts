import { accepted, collected, issue } from '../issue/issue.testkit';
import { evolveIssue, initialIssueState } from '../issue/issue.state';
import { resolveIssue } from '../issue/resolve-issue';
import { at } from '../testing/fixtures';
import { optionalAttachments } from './attachments';

const photo = { sha256: 'a'.repeat(64), size: 123_456, type: 'image/jpeg', name: ' 现场照片.jpg ' };

describe('attachments on events', () => {
  it('are recorded with their hash, size, type and name on a resolution', () => {
    const state = [collected, accepted('2023-06-09')].reduce(evolveIssue, initialIssueState());
    const events = resolveIssue(
      state,
      { type: 'ResolveIssue', data: { issueId: 'issue-1', resolution: '已协调解决', attachments: [photo] } },
      at('2023-06-05 10:00', { userId: 'u1', unitId: 'unit-a', role: 'officer' }),
      { campaign: null },
    );
    expect(events[0].data).toEqual({ resolution: '已协调解决', attachments: [{ ...photo, name: '现场照片.jpg' }] });
  });

  it('leave the event as before when there are none (old and new events read alike)', () => {
    issue
      .given([collected, accepted('2023-06-09')])
      .when(
        { type: 'ResolveIssue', data: { issueId: 'issue-1', resolution: '已协调解决', attachments: [] } },
        at('2023-06-05 10:00', { userId: 'u1', unitId: 'unit-a', role: 'officer' }),
      )
      .then([{ type: 'IssueResolved', data: { resolution: '已协调解决' } }]);
  });

  it('refuse a malformed reference, a duplicate and too many', () => {
    const bad = (list: unknown) => () => optionalAttachments(list);
    expect(bad([{ ...photo, sha256: 'xyz' }])).toThrow(/sha256/);
    expect(bad([{ ...photo, size: 0 }])).toThrow(/size/);
    expect(bad([{ ...photo, type: 'jpeg' }])).toThrow(/type/);
    expect(bad([{ ...photo, name: ' ' }])).toThrow(/name/);
    expect(bad([photo, photo])).toThrow(/same file/);
    expect(bad(Array.from({ length: 10 }, (_, i) => ({ ...photo, sha256: i.toString(16).repeat(64) })))).toThrow(/at most 9/);
    expect(bad('x')).toThrow(/list/);
  });
});
