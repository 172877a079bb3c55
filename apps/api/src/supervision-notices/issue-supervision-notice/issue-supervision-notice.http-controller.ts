import { randomUUID } from 'node:crypto';
import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, IssueSupervisionNoticeCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { RequestMeta, at } from '../../http/request-meta';
import { IssueSupervisionNoticeRequestDto } from './issue-supervision-notice.request.dto';

@ApiTags('supervision-notices')
@Controller('supervision-notices')
export class IssueSupervisionNoticeHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @ApiCommand('督办: issue a supervision notice to a unit', 201, { ifMatch: false })
  issueSupervisionNotice(@Body() body: IssueSupervisionNoticeRequestDto, @RequestMeta() meta: CommandMeta): Promise<CommandResult> {
    const id = body.id ?? randomUUID();
    return this.commandBus.execute(
      new IssueSupervisionNoticeCommand(
        {
          noticeId: id,
          campaignId: body.campaignId,
          unitId: body.unitId,
          issueIds: body.issueIds ?? [],
          reason: body.reason,
          level: body.level,
          respondBy: body.respondBy ?? null,
        },
        at(meta, body),
      ),
    );
  }
}
