import { randomUUID } from 'node:crypto';
import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, CollectIssueCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { RequestMeta, at } from '../../http/request-meta';
import { CollectIssueRequestDto } from './collect-issue.request.dto';

@ApiTags('issues')
@Controller('issues')
export class CollectIssueHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @ApiCommand("collect an enterprise's problem or suggestion (问题建议)", 201, { ifMatch: false })
  collectIssue(@Body() body: CollectIssueRequestDto, @RequestMeta() meta: CommandMeta): Promise<CommandResult> {
    const id = body.id ?? randomUUID();
    return this.commandBus.execute(
      new CollectIssueCommand(
        {
          issueId: id,
          campaignId: body.campaignId,
          unitId: body.unitId,
          enterpriseCode: body.enterpriseCode,
          activityId: body.activityId ?? null,
          kind: body.kind,
          category: body.category,
          title: body.title,
          description: body.description,
        },
        at(meta, body),
      ),
    );
  }
}
