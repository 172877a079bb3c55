/**
 * The supervision office's desk (issue #18), read side: the inbox of requests waiting for the
 * office's decision, and one enterprise's issues across campaigns. Officers see their own unit's
 * (the access guard fills `?unitId=` for them; a unit below theirs they name).
 */
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { businessDate, normalizeCreditCode } from '@banjie/domain';
import { CLOCK, ProblemError, type Clock } from '@banjie/platform';
import { DIRECTORY, DirectoryReader, ISSUES, IssuesReader, ReadModelFreshness } from '@banjie/projections';
import { Inject } from '@nestjs/common';
import { ApiQuery } from '../http/api-docs';
import { IdField } from '../http/dto-fields';
import { PageQueryDto, paging } from '../http/paging';

export class InboxQueryDto {
  @IdField({ optional: true }) campaignId?: string;
  @IdField({ optional: true, description: 'the responsible unit (an officer: their own unless they name one below it)' })
  unitId?: string;
}

export class EnterpriseIssuesQueryDto extends PageQueryDto {
  @IdField({ optional: true, description: 'the responsible unit (an officer: their own unless they name one below it)' })
  unitId?: string;
}

@ApiTags('desk')
@Controller()
export class DeskQueryHttpController {
  constructor(
    private readonly issues: IssuesReader,
    private readonly directory: DirectoryReader,
    private readonly freshness: ReadModelFreshness,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('inbox')
  @ApiQuery("requests waiting for the supervision office's decision: extensions, withdrawals, submitted resolutions")
  async inbox(@Query() q: InboxQueryDto) {
    const db = await this.freshness.wait(ISSUES, DIRECTORY);
    const items = await this.issues.on(db).inbox({ campaignId: q.campaignId, unitIds: q.unitId ? [q.unitId] : undefined });
    const names = await this.directory.on(db).enterpriseNames(items.map((i) => i.enterpriseCode));
    return { items: items.map((i) => ({ ...i, enterpriseName: names.get(i.enterpriseCode) ?? null })) };
  }

  @Get('enterprises/:creditCode/issues')
  @ApiQuery("one enterprise's issues across campaigns, in collection order (paginated)")
  async enterpriseIssues(@Param('creditCode') creditCode: string, @Query() q: EnterpriseIssuesQueryDto) {
    const code = normalizeCreditCode(String(creditCode));
    if (!/^[0-9A-Z]{18}$/.test(code)) {
      throw new ProblemError(400, 'ENTERPRISE.CREDIT_CODE_INVALID', 'creditCode must be an 18-character unified social credit code');
    }
    const db = await this.freshness.wait(ISSUES);
    return this.issues.on(db).list({ enterpriseCode: code, unitId: q.unitId, today: businessDate(this.clock.now()), ...paging(q) });
  }
}
