import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, AnswerSupervisionNoticeCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { AnswerSupervisionNoticeRequestDto } from './answer-supervision-notice.request.dto';

@ApiTags('supervision-notices')
@Controller('supervision-notices')
export class AnswerSupervisionNoticeHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/answer')
  @HttpCode(200)
  @ApiCommand('the addressed unit answers a notice', 200)
  answerSupervisionNotice(
    @Param('id', IdPipe) id: string,
    @Body() body: AnswerSupervisionNoticeRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new AnswerSupervisionNoticeCommand({ noticeId: id, response: body.response }, at(meta, body)));
  }
}
