/**
 * The GET routes of the directory and the issue queue (DESIGN §7): lists from the read models
 * (the `directory` and `issues` projections, once they have applied what was committed before the
 * request), single items straight from their streams (with ETag: read your own writes).
 */
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ACTIVITY_FORMS, UNIT_LEVELS, catalogueOf, normalizeCreditCode, openRequest } from '@banjie/domain';
import {
  AggregateRepository,
  ActivityAggregate,
  CampaignAggregate,
  EnterpriseAggregate,
  IssueAggregate,
  SupervisionNoticeAggregate,
  UnitAggregate,
} from '@banjie/application';
import { ApiQuery } from '../http/api-docs';
import { CreditCodeField, DateField, EnumField, IdField, TextField } from '../http/dto-fields';
import { IdPipe } from '../http/id.pipe';
import { PageQueryDto, paging } from '../http/paging';
import { readAggregate } from '../http/stream-read';
import { businessDate } from '@banjie/domain';
import { CLOCK, ProblemError, type Clock } from '@banjie/platform';
import { DIRECTORY, DirectoryReader, ISSUES, IssuesReader, ReadModelFreshness, type IssueLifeState } from '@banjie/projections';
import { Inject } from '@nestjs/common';

type Reply = { header(name: string, value: string): unknown };

export class ListUnitsQueryDto extends PageQueryDto {
  @EnumField(UNIT_LEVELS, { optional: true }) level?: string;
  @IdField({ optional: true }) parentUnitId?: string;
  @EnumField(['active', 'retired'], { optional: true }) status?: string;
}

@ApiTags('units')
@Controller('units')
export class UnitsQueryHttpController {
  constructor(
    private readonly reader: DirectoryReader,
    private readonly freshness: ReadModelFreshness,
    private readonly repository: AggregateRepository,
  ) {}

  @Get()
  @ApiQuery('list units (paginated)')
  async list(@Query() q: ListUnitsQueryDto) {
    const db = await this.freshness.wait(DIRECTORY);
    return this.reader.on(db).units(q, paging(q));
  }

  @Get(':id')
  @ApiQuery('one unit, from its stream (ETag = version)')
  get(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) reply: Reply) {
    return readAggregate(this.repository, UnitAggregate, id, reply, 'UNIT.NOT_FOUND');
  }
}

export class ListEnterprisesQueryDto extends PageQueryDto {
  @TextField(100, { optional: true, description: 'part of the name, credit code or region' }) q?: string;
}

@ApiTags('enterprises')
@Controller('enterprises')
export class EnterprisesQueryHttpController {
  constructor(
    private readonly reader: DirectoryReader,
    private readonly freshness: ReadModelFreshness,
    private readonly repository: AggregateRepository,
  ) {}

  @Get()
  @ApiQuery('search enterprises by name, credit code or region (paginated)')
  async list(@Query() q: ListEnterprisesQueryDto) {
    const db = await this.freshness.wait(DIRECTORY);
    return this.reader.on(db).enterprises(q.q?.trim(), paging(q));
  }

  @Get(':creditCode')
  @ApiQuery('one enterprise by its unified social credit code')
  async get(@Param('creditCode') creditCode: string, @Res({ passthrough: true }) reply: Reply) {
    const code = normalizeCreditCode(String(creditCode));
    if (!/^[0-9A-Z]{18}$/.test(code)) {
      throw new ProblemError(400, 'ENTERPRISE.CREDIT_CODE_INVALID', 'creditCode must be an 18-character unified social credit code');
    }
    const { id: _id, ...enterprise } = await readAggregate(this.repository, EnterpriseAggregate, code, reply, 'ENTERPRISE.NOT_FOUND');
    return enterprise;
  }
}

export class ListCampaignsQueryDto extends PageQueryDto {
  @EnumField(['active', 'closed'], { optional: true }) status?: string;
}

@ApiTags('campaigns')
@Controller('campaigns')
export class CampaignsQueryHttpController {
  constructor(
    private readonly reader: DirectoryReader,
    private readonly freshness: ReadModelFreshness,
    private readonly repository: AggregateRepository,
  ) {}

  @Get()
  @ApiQuery('list campaigns (paginated)')
  async list(@Query() q: ListCampaignsQueryDto) {
    const db = await this.freshness.wait(DIRECTORY);
    return this.reader.on(db).campaigns(q, paging(q));
  }

  @Get(':id')
  @ApiQuery('one campaign with its targets, SLA and thresholds')
  get(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) reply: Reply) {
    return readAggregate(this.repository, CampaignAggregate, id, reply, 'CAMPAIGN.NOT_FOUND');
  }

  @Get(':id/categories')
  @ApiQuery('the category catalogue an issue of this campaign chooses from (the workbench’s list)')
  async categories(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) reply: Reply) {
    const campaign = await readAggregate(this.repository, CampaignAggregate, id, reply, 'CAMPAIGN.NOT_FOUND');
    return { campaignId: id, version: campaign.version, categories: catalogueOf(campaign.categories) };
  }
}

export class ListActivitiesQueryDto extends PageQueryDto {
  @IdField({ optional: true }) campaignId?: string;
  @IdField({ optional: true }) unitId?: string;
  @EnumField(ACTIVITY_FORMS, { optional: true }) form?: string;
}

@ApiTags('activities')
@Controller('activities')
export class ActivitiesQueryHttpController {
  constructor(
    private readonly reader: DirectoryReader,
    private readonly freshness: ReadModelFreshness,
    private readonly repository: AggregateRepository,
  ) {}

  @Get()
  @ApiQuery('list activities of a campaign and/or unit (paginated)')
  async list(@Query() q: ListActivitiesQueryDto) {
    const db = await this.freshness.wait(DIRECTORY);
    return this.reader.on(db).activities(q, paging(q));
  }

  @Get(':id')
  @ApiQuery('one activity')
  get(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) reply: Reply) {
    return readAggregate(this.repository, ActivityAggregate, id, reply, 'ACTIVITY.NOT_FOUND');
  }
}

export class ListIssuesQueryDto extends PageQueryDto {
  @IdField({ optional: true }) campaignId?: string;
  @IdField({ optional: true, description: 'the responsible unit' }) unitId?: string;
  @IdField({ optional: true, description: "the collecting unit (the report counts a unit's issues by it)" }) collectingUnitId?: string;
  @EnumField(['pending', 'in_progress', 'resolved', 'withdrawn'], { optional: true }) state?: string;
  @IsOptional()
  @IsIn(['true', 'false'])
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'open and past its due date (business date today)' })
  overdue?: string;
  @CreditCodeField({ optional: true }) enterpriseCode?: string;
  @DateField({
    optional: true,
    description: "each issue's state as of the end of this business date (issues collected later are left out)",
  })
  asOf?: string;
  @TextField(100, { optional: true, description: 'search: case number, part of the title, credit code or part of the enterprise name' })
  q?: string;
}

@ApiTags('issues')
@Controller('issues')
export class IssuesQueryHttpController {
  constructor(
    private readonly reader: IssuesReader,
    private readonly directory: DirectoryReader,
    private readonly freshness: ReadModelFreshness,
    private readonly repository: AggregateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiQuery(
    'list issues by campaign, responsible or collecting unit, state, overdue, as of a business date, or search them with q (paginated), with enterprise names',
  )
  async list(@Query() q: ListIssuesQueryDto) {
    const search = q.q?.trim() || undefined;
    const db = await this.freshness.wait(ISSUES, DIRECTORY);
    const page = await this.reader.on(db).list({
      q: search,
      qEnterpriseCodes: search ? await this.directory.on(db).enterpriseCodesNamed(search) : undefined,
      campaignId: q.campaignId,
      unitId: q.unitId,
      collectingUnitId: q.collectingUnitId,
      state: q.state as IssueLifeState | undefined,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      enterpriseCode: q.enterpriseCode ? normalizeCreditCode(q.enterpriseCode) : undefined,
      asOf: q.asOf,
      today: businessDate(this.clock.now()),
      ...paging(q),
    });
    const names = await this.directory.on(db).enterpriseNames(page.items.map((i) => i.enterpriseCode));
    return { ...page, items: page.items.map((i) => ({ ...i, enterpriseName: names.get(i.enterpriseCode) ?? null })) };
  }

  @Get(':id')
  @ApiQuery('one issue: its state and stream version (ETag); send the version back as If-Match')
  @ApiOkResponse({
    description:
      '{ id, caseNumber, version, status, responsibleUnitId, dueOn, cycle, pendingRequest, extensionRequest, withdrawalRequest, submittedResolution, lastDecision, … }',
  })
  async get(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) reply: Reply) {
    const issue = await readAggregate(this.repository, IssueAggregate, id, reply, 'ISSUE.NOT_FOUND');
    const db = await this.freshness.wait(ISSUES);
    return { ...issue, caseNumber: await this.reader.on(db).caseNumber(id), pendingRequest: openRequest(issue) };
  }
}

export class ListNoticesQueryDto extends PageQueryDto {
  @IdField({ optional: true }) campaignId?: string;
  @IdField({ optional: true }) unitId?: string;
  @EnumField(['issued', 'answered', 'closed'], { optional: true }) status?: string;
}

@ApiTags('supervision-notices')
@Controller('supervision-notices')
export class SupervisionNoticesQueryHttpController {
  constructor(
    private readonly reader: DirectoryReader,
    private readonly freshness: ReadModelFreshness,
    private readonly repository: AggregateRepository,
  ) {}

  @Get()
  @ApiQuery('list supervision notices (paginated)')
  async list(@Query() q: ListNoticesQueryDto) {
    const db = await this.freshness.wait(DIRECTORY);
    return this.reader.on(db).notices(q, paging(q));
  }

  @Get(':id')
  @ApiQuery('one supervision notice')
  get(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) reply: Reply) {
    return readAggregate(this.repository, SupervisionNoticeAggregate, id, reply, 'NOTICE.NOT_FOUND');
  }
}

export const QUERY_CONTROLLERS = [
  UnitsQueryHttpController,
  EnterprisesQueryHttpController,
  CampaignsQueryHttpController,
  ActivitiesQueryHttpController,
  IssuesQueryHttpController,
  SupervisionNoticesQueryHttpController,
];
