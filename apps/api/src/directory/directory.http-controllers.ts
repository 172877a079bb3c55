/**
 * The directory's GET routes (DESIGN §7): lists from the `dir_*` tables, single items straight
 * from their streams (with ETag). The campaign report reads the projections instead (../reports).
 */
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ACTIVITY_FORMS, UNIT_LEVELS, normalizeCreditCode } from '@banjie/domain';
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
import { CreditCodeField, EnumField, IdField, TextField } from '../http/dto-fields';
import { IdPipe } from '../http/id.pipe';
import { PageQueryDto, paging } from '../http/paging';
import { readAggregate } from '../http/stream-read';
import { DirectoryQueries } from './directory.queries';
import { ProblemError } from '@banjie/platform';

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
    private readonly queries: DirectoryQueries,
    private readonly repository: AggregateRepository,
  ) {}

  @Get()
  @ApiQuery('list units (paginated)')
  list(@Query() q: ListUnitsQueryDto) {
    return this.queries.units(q, paging(q));
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
    private readonly queries: DirectoryQueries,
    private readonly repository: AggregateRepository,
  ) {}

  @Get()
  @ApiQuery('search enterprises by name, credit code or region (paginated)')
  list(@Query() q: ListEnterprisesQueryDto) {
    return this.queries.enterprises(q.q?.trim(), paging(q));
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
    private readonly queries: DirectoryQueries,
    private readonly repository: AggregateRepository,
  ) {}

  @Get()
  @ApiQuery('list campaigns (paginated)')
  list(@Query() q: ListCampaignsQueryDto) {
    return this.queries.campaigns(q, paging(q));
  }

  @Get(':id')
  @ApiQuery('one campaign with its targets, SLA and thresholds')
  get(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) reply: Reply) {
    return readAggregate(this.repository, CampaignAggregate, id, reply, 'CAMPAIGN.NOT_FOUND');
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
    private readonly queries: DirectoryQueries,
    private readonly repository: AggregateRepository,
  ) {}

  @Get()
  @ApiQuery('list activities of a campaign and/or unit (paginated)')
  list(@Query() q: ListActivitiesQueryDto) {
    return this.queries.activities(q, paging(q));
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
  @EnumField(['pending', 'in_progress', 'resolved', 'withdrawn'], { optional: true }) state?: string;
  @IsOptional()
  @IsIn(['true', 'false'])
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'open and past its due date (business date today)' })
  overdue?: string;
  @CreditCodeField({ optional: true }) enterpriseCode?: string;
}

@ApiTags('issues')
@Controller('issues')
export class IssuesQueryHttpController {
  constructor(
    private readonly queries: DirectoryQueries,
    private readonly repository: AggregateRepository,
  ) {}

  @Get()
  @ApiQuery('list issues by campaign, responsible unit, state, overdue (paginated)')
  list(@Query() q: ListIssuesQueryDto) {
    const overdue = q.overdue === undefined ? undefined : q.overdue === 'true';
    const enterpriseCode = q.enterpriseCode ? normalizeCreditCode(q.enterpriseCode) : undefined;
    return this.queries.issues({ ...q, overdue, enterpriseCode }, paging(q));
  }

  @Get(':id')
  @ApiQuery('one issue: its state and stream version (ETag); send the version back as If-Match')
  @ApiOkResponse({ description: '{ id, version, status, responsibleUnitId, dueOn, cycle, … }' })
  get(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) reply: Reply) {
    return readAggregate(this.repository, IssueAggregate, id, reply, 'ISSUE.NOT_FOUND');
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
    private readonly queries: DirectoryQueries,
    private readonly repository: AggregateRepository,
  ) {}

  @Get()
  @ApiQuery('list supervision notices (paginated)')
  list(@Query() q: ListNoticesQueryDto) {
    return this.queries.notices(q, paging(q));
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
