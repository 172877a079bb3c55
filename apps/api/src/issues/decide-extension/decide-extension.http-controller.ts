import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, DecideExtensionCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { DecideExtensionRequestDto } from './decide-extension.request.dto';

@ApiTags('issues')
@Controller('issues')
export class DecideExtensionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/decide-extension')
  @HttpCode(200)
  @ApiCommand('the supervision office approves (IssueDeadlineExtended) or refuses the open extension request', 200)
  decideExtension(
    @Param('id', IdPipe) id: string,
    @Body() body: DecideExtensionRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new DecideExtensionCommand({ issueId: id, approve: body.approve, reason: body.reason }, at(meta, body)));
  }
}
