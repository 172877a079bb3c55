import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, ReviewResolutionCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { ReviewResolutionRequestDto } from './review-resolution.request.dto';

@ApiTags('issues')
@Controller('issues')
export class ReviewResolutionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/review-resolution')
  @HttpCode(200)
  @ApiCommand('办结审核: the supervision office accepts (IssueResolved) or returns a submitted resolution', 200)
  reviewResolution(
    @Param('id', IdPipe) id: string,
    @Body() body: ReviewResolutionRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new ReviewResolutionCommand({ issueId: id, accept: body.accept, reason: body.reason }, at(meta, body)));
  }
}
