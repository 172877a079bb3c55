import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, ResolveIssueCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { ResolveIssueRequestDto } from './resolve-issue.request.dto';

@ApiTags('issues')
@Controller('issues')
export class ResolveIssueHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiCommand('办结: resolve an open issue (also on the spot, while pending)', 200)
  resolveIssue(
    @Param('id', IdPipe) id: string,
    @Body() body: ResolveIssueRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new ResolveIssueCommand({ issueId: id, resolution: body.resolution }, at(meta, body)));
  }
}
