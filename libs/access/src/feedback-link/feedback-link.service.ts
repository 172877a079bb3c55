import { Inject, Injectable } from '@nestjs/common';
import {
  enterpriseStream,
  asBanjieEvent,
  evolveIssue,
  fold,
  initialIssueState,
  isIssueEvent,
  issueStream,
  unitStream,
  type Actor,
  type IssueState,
} from '@banjie/domain';
import { Database, EVENT_STORE, type EventStore, type StoredEvent } from '@banjie/event-store';
import { CLOCK, ProblemError, type Clock } from '@banjie/platform';
import { ACCESS_CONFIG, type AccessConfig } from '../access.config';
import { AccessStore, randomSecret } from '../store/access-store';
import { signFeedbackLink, verifyFeedbackLink, type FeedbackLinkClaims } from './feedback-link-token';

/** The actor an enterprise's own rating is recorded under (the domain lets only `system` use the enterprise_link channel). */
export function enterpriseLinkActor(enterpriseCode: string | null): Actor {
  return { userId: `enterprise:${enterpriseCode ?? 'unknown'}`, unitId: null, role: 'system' };
}

export interface FeedbackLinkView {
  issueId: string;
  cycle: number;
  title: string;
  kind: string | null;
  category: string | null;
  resolution: string;
  resolvedAt: string;
  unit: { unitId: string; name: string | null };
  enterprise: { creditCode: string; name: string | null };
  expiresAt: string;
}

/** A link that passed every check, with what the POST needs to record the rating. */
export interface CheckedLink {
  claims: FeedbackLinkClaims;
  view: FeedbackLinkView;
  /** The issue stream's version the checks saw (the rating is appended expecting it). */
  version: number;
  enterpriseCode: string;
}

const DAY_MS = 86_400_000;

/**
 * The enterprise's own feedback link (docs/access.md): derived, not stored — the token for the
 * issue's current resolution cycle is the same whenever it is asked for, and expires
 * FEEDBACK_LINK_TTL_DAYS after the IssueResolved event was recorded. Single use lives in
 * `feedback_link_uses` (primary key issue + cycle).
 */
@Injectable()
export class FeedbackLinkService {
  private secretBytes: Promise<Buffer> | null = null;

  constructor(
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
    @Inject(Database) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: AccessStore,
  ) {}

  /** FEEDBACK_LINK_SECRET, or the one generated on first start and kept in access_settings. */
  secret(): Promise<Buffer> {
    this.secretBytes ??= (async () => {
      const value = this.config.feedbackLinkSecret ?? (await this.access.setting('feedback_link_secret', randomSecret));
      return Buffer.from(value, 'utf8');
    })().catch((error) => {
      this.secretBytes = null;
      throw error;
    });
    return this.secretBytes;
  }

  /** The link of the issue's current resolution (for its responsible unit to hand to the enterprise). */
  async linkFor(issueId: string): Promise<{ token: string; cycle: number; expiresAt: string; rated: boolean; used: boolean }> {
    const { state, resolved } = await this.load(issueId);
    if (state.status === 'none') throw new ProblemError(404, 'ISSUE.NOT_FOUND', 'issue does not exist or is not visible to you');
    if (state.status !== 'resolved' || !resolved) {
      throw new ProblemError(409, 'ISSUE.NOT_RESOLVED', `issue is ${state.status}; a feedback link exists only for a resolved issue`, {
        state: state.status,
      });
    }
    const claims = {
      issueId,
      cycle: state.cycle,
      exp: Math.floor((resolved.recordedAt.getTime() + this.config.feedbackLinkTtlDays * DAY_MS) / 1000),
    };
    const used = await this.db.pool.query(`SELECT 1 FROM feedback_link_uses WHERE issue_id = $1 AND cycle = $2 AND status = 'used'`, [
      issueId,
      state.cycle,
    ]);
    return {
      token: signFeedbackLink(claims, await this.secret()),
      cycle: state.cycle,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      rated: state.ratedThisCycle,
      used: used.rows.length > 0,
    };
  }

  /** Every check a link must pass before it is shown or used; a clear 4xx otherwise. */
  async check(token: string): Promise<CheckedLink> {
    const result = verifyFeedbackLink(token, await this.secret(), this.clock.now());
    if (!result.ok) {
      if (result.reason === 'expired') {
        throw new ProblemError(
          410,
          'FEEDBACK_LINK.EXPIRED',
          `this feedback link expired at ${new Date(result.claims!.exp * 1000).toISOString()}; ask the unit for a new one`,
        );
      }
      throw new ProblemError(
        400,
        'FEEDBACK_LINK.INVALID',
        'this feedback link is not valid: it was damaged or altered; open the link exactly as you received it',
      );
    }
    const claims = result.claims;
    const { state, resolved, version, resolution } = await this.load(claims.issueId);
    if (state.status === 'none')
      throw new ProblemError(404, 'FEEDBACK_LINK.ISSUE_NOT_FOUND', 'the issue of this feedback link does not exist');
    if (state.cycle !== claims.cycle || state.status !== 'resolved' || !resolved) {
      throw new ProblemError(
        410,
        'FEEDBACK_LINK.SUPERSEDED',
        `this link belongs to an earlier resolution of the issue (resolution ${claims.cycle}; the issue is now ${state.status}, resolution ${state.cycle}); only the newest resolution's link can be used`,
        { state: state.status },
      );
    }
    const use = await this.db.pool.query(`SELECT status FROM feedback_link_uses WHERE issue_id = $1 AND cycle = $2`, [
      claims.issueId,
      claims.cycle,
    ]);
    if (use.rows[0]?.status === 'used') throw usedProblem();
    if (state.ratedThisCycle) {
      throw new ProblemError(
        409,
        'FEEDBACK_LINK.ALREADY_RATED',
        'this resolution has already been rated (the unit recorded the rating on a callback); a resolution is rated once',
        {
          state: state.status,
        },
      );
    }
    const [unitName, enterpriseName] = await Promise.all([
      this.unitName(state.responsibleUnitId!),
      this.enterpriseName(state.enterpriseCode!),
    ]);
    return {
      claims,
      version,
      enterpriseCode: state.enterpriseCode!,
      view: {
        issueId: claims.issueId,
        cycle: claims.cycle,
        title: state.title ?? '',
        kind: state.kind,
        category: state.category,
        resolution,
        resolvedAt: resolved.occurredAt.toISOString(),
        unit: { unitId: state.responsibleUnitId!, name: unitName },
        enterprise: { creditCode: state.enterpriseCode!, name: enterpriseName },
        expiresAt: new Date(claims.exp * 1000).toISOString(),
      },
    };
  }

  /**
   * Takes the link's one use: a row keyed (issue, cycle). Of any number of concurrent posts one
   * inserts it; the rest → 409. A claim whose rating never got written (the process died between
   * claim and append) is taken over after five minutes.
   */
  async claim(claims: FeedbackLinkClaims): Promise<void> {
    const inserted = await this.db.pool.query(
      `INSERT INTO feedback_link_uses (issue_id, cycle, status) VALUES ($1, $2, 'claimed') ON CONFLICT DO NOTHING RETURNING 1`,
      [claims.issueId, claims.cycle],
    );
    if (inserted.rows.length) return;
    const stale = await this.db.pool.query(
      `UPDATE feedback_link_uses SET claimed_at = now() WHERE issue_id = $1 AND cycle = $2 AND status = 'claimed' AND claimed_at < now() - interval '5 minutes' RETURNING 1`,
      [claims.issueId, claims.cycle],
    );
    if (!stale.rows.length) throw usedProblem();
  }

  async complete(claims: FeedbackLinkClaims, eventVersion: number): Promise<void> {
    await this.db.pool.query(
      `UPDATE feedback_link_uses SET status = 'used', used_at = now(), event_version = $3 WHERE issue_id = $1 AND cycle = $2`,
      [claims.issueId, claims.cycle, eventVersion],
    );
  }

  /** The rating was not written: give the use back (nothing of the attempt remains). */
  async release(claims: FeedbackLinkClaims): Promise<void> {
    await this.db.pool.query(`DELETE FROM feedback_link_uses WHERE issue_id = $1 AND cycle = $2 AND status = 'claimed'`, [
      claims.issueId,
      claims.cycle,
    ]);
  }

  private async load(issueId: string): Promise<{ state: IssueState; version: number; resolved: StoredEvent | null; resolution: string }> {
    if (typeof issueId !== 'string' || !issueId || issueId.length > 200)
      return { state: initialIssueState(), version: 0, resolved: null, resolution: '' };
    const stored = await this.store.readStream(issueStream(issueId));
    const events = stored.map((e) => asBanjieEvent(e)).filter(isIssueEvent);
    const state = fold(evolveIssue, initialIssueState(), events);
    const resolved = [...stored].reverse().find((e) => e.type === 'IssueResolved') ?? null;
    return {
      state,
      version: stored.length ? stored[stored.length - 1].streamVersion : 0,
      resolved,
      resolution: resolved ? String((resolved.data as { resolution?: unknown }).resolution ?? '') : '',
    };
  }

  private async unitName(unitId: string): Promise<string | null> {
    const events = await this.store.readStream(unitStream(unitId));
    let name: string | null = null;
    for (const e of events)
      if (e.type === 'UnitRegistered' || e.type === 'UnitRenamed') name = String((e.data as { name?: unknown }).name ?? name);
    return name;
  }

  private async enterpriseName(code: string): Promise<string | null> {
    const events = await this.store.readStream(enterpriseStream(code));
    const registered = events.find((e) => e.type === 'EnterpriseRegistered');
    return registered ? String((registered.data as { name?: unknown }).name ?? '') || null : null;
  }
}

function usedProblem(): ProblemError {
  return new ProblemError(409, 'FEEDBACK_LINK.USED', 'this feedback link has already been used; thank you — a resolution is rated once');
}
