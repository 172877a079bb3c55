import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, ReopenIssueCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { ReopenIssueRequestDto } from './reopen-issue.request.dto';

@ApiTags('issues')
@Controller('issues')
export class ReopenIssueHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiCommand('重办: reopen a resolved issue', 200)
  reopenIssue(
    @Param('id', IdPipe) id: string,
    @Body() body: ReopenIssueRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new ReopenIssueCommand({ issueId: id, reason: body.reason }, at(meta, body)));
  }
}
