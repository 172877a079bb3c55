import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, GiveFeedbackCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { GiveFeedbackRequestDto } from './give-feedback.request.dto';

@ApiTags('issues')
@Controller('issues')
export class GiveFeedbackHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/feedback')
  @HttpCode(200)
  @ApiCommand("record the enterprise's rating of the resolution (once per resolution)", 200)
  giveFeedback(
    @Param('id', IdPipe) id: string,
    @Body() body: GiveFeedbackRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new GiveFeedbackCommand({ issueId: id, rating: body.rating, comment: body.comment ?? null, channel: body.channel }, at(meta, body)),
    );
  }
}
