import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, AcceptIssueCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { AcceptIssueRequestDto } from './accept-issue.request.dto';

@ApiTags('issues')
@Controller('issues')
export class AcceptIssueHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/accept')
  @HttpCode(200)
  @ApiCommand('受理: the responsible unit accepts and commits to a due date', 200)
  acceptIssue(
    @Param('id', IdPipe) id: string,
    @Body() body: AcceptIssueRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new AcceptIssueCommand({ issueId: id, dueOn: body.dueOn ?? null, handler: body.handler ?? null }, at(meta, body)),
    );
  }
}
