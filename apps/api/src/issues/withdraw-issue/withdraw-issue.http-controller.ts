import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, WithdrawIssueCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { WithdrawIssueRequestDto } from './withdraw-issue.request.dto';

@ApiTags('issues')
@Controller('issues')
export class WithdrawIssueHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiCommand('撤回 / 不予受理: withdraw an open issue (terminal)', 200)
  withdrawIssue(
    @Param('id', IdPipe) id: string,
    @Body() body: WithdrawIssueRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new WithdrawIssueCommand({ issueId: id, reason: body.reason }, at(meta, body)));
  }
}
