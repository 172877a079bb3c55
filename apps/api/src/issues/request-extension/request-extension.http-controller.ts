import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, RequestExtensionCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { RequestExtensionRequestDto } from './request-extension.request.dto';

@ApiTags('issues')
@Controller('issues')
export class RequestExtensionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/request-extension')
  @HttpCode(200)
  @ApiCommand('申请延期: the responsible unit asks for a later due date (one open request at a time)', 200)
  requestExtension(
    @Param('id', IdPipe) id: string,
    @Body() body: RequestExtensionRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new RequestExtensionCommand({ issueId: id, dueOn: body.dueOn, reason: body.reason }, at(meta, body)));
  }
}
