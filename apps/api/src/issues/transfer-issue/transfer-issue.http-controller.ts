import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, TransferIssueCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { TransferIssueRequestDto } from './transfer-issue.request.dto';

@ApiTags('issues')
@Controller('issues')
export class TransferIssueHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/transfer')
  @HttpCode(200)
  @ApiCommand('转办: move responsibility to another unit', 200)
  transferIssue(
    @Param('id', IdPipe) id: string,
    @Body() body: TransferIssueRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new TransferIssueCommand({ issueId: id, toUnitId: body.toUnitId, reason: body.reason }, at(meta, body)));
  }
}
