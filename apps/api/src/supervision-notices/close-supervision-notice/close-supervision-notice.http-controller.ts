import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, CloseSupervisionNoticeCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { CloseSupervisionNoticeRequestDto } from './close-supervision-notice.request.dto';

@ApiTags('supervision-notices')
@Controller('supervision-notices')
export class CloseSupervisionNoticeHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/close')
  @HttpCode(200)
  @ApiCommand('the supervision office closes a notice', 200)
  closeSupervisionNotice(
    @Param('id', IdPipe) id: string,
    @Body() body: CloseSupervisionNoticeRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new CloseSupervisionNoticeCommand({ noticeId: id, outcome: body.outcome }, at(meta, body)));
  }
}
