import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, ExtendDeadlineCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { ExtendDeadlineRequestDto } from './extend-deadline.request.dto';

@ApiTags('issues')
@Controller('issues')
export class ExtendDeadlineHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/extend-deadline')
  @HttpCode(200)
  @ApiCommand('extend the due date (supervision office)', 200)
  extendDeadline(
    @Param('id', IdPipe) id: string,
    @Body() body: ExtendDeadlineRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new ExtendDeadlineCommand({ issueId: id, dueOn: body.dueOn, reason: body.reason }, at(meta, body)));
  }
}
