import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { enterpriseLinkActor, FeedbackLinkService, Public } from '@banjie/access';
import { DomainError } from '@banjie/domain';
import { ConcurrencyError } from '@banjie/event-store';
import { APP_CONFIG, ProblemError, type AppConfig } from '@banjie/platform';
import { DashboardAssets } from '../dashboard/dashboard-assets';
import { IdPipe } from '../http/id.pipe';
import { GiveFeedbackCommand } from '@banjie/application';
import { publicOrigin, type OriginRequest } from '../http/public-origin';
import { GiveLinkFeedbackRequestDto } from './feedback-link.request.dto';

type LinkRequest = OriginRequest;
type PageReply = { header(name: string, value: string): PageReply; type(value: string): PageReply };

/** A browser opening the link (Accept: text/html first) gets the rating page; API clients get JSON. */
function wantsPage(accept: string | string[] | undefined): boolean {
  const value = String(accept ?? '');
  const html = value.indexOf('text/html');
  const json = value.indexOf('application/json');
  return html >= 0 && (json < 0 || html < json);
}

/**
 * The enterprise rates a resolution itself, without an account (docs/access.md):
 * GET shows what was resolved, POST records FeedbackGiven { channel: 'enterprise_link' } once.
 * The token is the capability; it is never logged (the request logger logs the route pattern).
 */
@ApiTags('feedback link')
@Controller('feedback')
export class FeedbackLinkHttpController {
  private readonly pages = new DashboardAssets();

  constructor(
    private readonly links: FeedbackLinkService,
    private readonly commandBus: CommandBus,
  ) {}

  @Public()
  @Get(':token')
  @ApiOperation({
    summary:
      "what was resolved: issue title, resolution, unit, enterprise (public; the link's token is the key); a browser gets the rating page (apps/dashboard/feedback.html)",
  })
  async show(@Param('token') token: string, @Req() request: LinkRequest, @Res({ passthrough: true }) reply: PageReply) {
    const page = wantsPage(request.headers.accept) ? this.pages.get('feedback.html') : null;
    if (page) {
      // The page fetches this same URL as JSON; the token never reaches a third party (no referrer).
      reply.type(page.type).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('vary', 'accept');
      return page.body;
    }
    const { view } = await this.links.check(token);
    return view;
  }

  @Public()
  @Post(':token')
  @HttpCode(201)
  @ApiOperation({ summary: "the enterprise's rating, once per resolution: 400 altered, 409 used or rated, 410 expired or superseded" })
  async rate(@Param('token') token: string, @Body() body: GiveLinkFeedbackRequestDto, @Headers('x-correlation-id') correlationId?: string) {
    const checked = await this.links.check(token);
    await this.links.claim(checked.claims);
    let result: { id: string; version: number };
    try {
      result = await this.commandBus.execute(
        new GiveFeedbackCommand(
          { issueId: checked.claims.issueId, rating: body.rating, comment: body.comment ?? null, channel: 'enterprise_link' },
          {
            actor: enterpriseLinkActor(checked.enterpriseCode),
            source: 'api',
            correlationId: typeof correlationId === 'string' && /^[\x21-\x7e]{1,200}$/.test(correlationId) ? correlationId : randomUUID(),
            expectedVersion: checked.version,
          },
        ),
      );
    } catch (error) {
      await this.links.release(checked.claims);
      if (error instanceof ConcurrencyError) {
        throw new ProblemError(409, 'FEEDBACK_LINK.CONFLICT', 'the issue changed while you were rating it; open the link again');
      }
      if (error instanceof DomainError && error.code === 'ISSUE.FEEDBACK_ALREADY_GIVEN') {
        throw new ProblemError(409, 'FEEDBACK_LINK.ALREADY_RATED', 'this resolution has already been rated; a resolution is rated once');
      }
      throw error;
    }
    await this.links.complete(checked.claims, result.version);
    return { issueId: result.id, version: result.version, rating: body.rating, channel: 'enterprise_link' as const };
  }
}

/** How the responsible unit gets the link to send to the enterprise (SMS, WeChat, a letter). */
@ApiTags('issues')
@ApiBearerAuth()
@Controller('issues')
export class IssueFeedbackLinkHttpController {
  constructor(
    private readonly links: FeedbackLinkService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':id/feedback-link')
  @ApiOperation({ summary: "the enterprise's feedback link of the issue's current resolution (the responsible unit's officers)" })
  async link(@Param('id', IdPipe) id: string, @Req() request: LinkRequest) {
    const link = await this.links.linkFor(id);
    return { issueId: id, ...link, url: `${publicOrigin(request, this.config.edge)}/feedback/${link.token}` };
  }
}
