import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, DecideWithdrawalCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { DecideWithdrawalRequestDto } from './decide-withdrawal.request.dto';

@ApiTags('issues')
@Controller('issues')
export class DecideWithdrawalHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/decide-withdrawal')
  @HttpCode(200)
  @ApiCommand('the supervision office approves (IssueWithdrawn) or refuses a unit withdrawal request', 200)
  decideWithdrawal(
    @Param('id', IdPipe) id: string,
    @Body() body: DecideWithdrawalRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new DecideWithdrawalCommand({ issueId: id, approve: body.approve, reason: body.reason }, at(meta, body)),
    );
  }
}
