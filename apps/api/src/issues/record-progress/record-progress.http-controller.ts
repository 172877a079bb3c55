import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, RecordProgressCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { RecordProgressRequestDto } from './record-progress.request.dto';

@ApiTags('issues')
@Controller('issues')
export class RecordProgressHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/progress')
  @HttpCode(200)
  @ApiCommand('record a progress note on accepted work', 200)
  recordProgress(
    @Param('id', IdPipe) id: string,
    @Body() body: RecordProgressRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new RecordProgressCommand({ issueId: id, note: body.note }, at(meta, body)));
  }
}
