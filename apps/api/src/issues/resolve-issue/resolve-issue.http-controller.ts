import { AttachmentRefs } from '../../attachments/attachment-refs';
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
  constructor(
    private readonly commandBus: CommandBus,
    private readonly attachments: AttachmentRefs,
  ) {}

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiCommand('办结: resolve an open issue (also on the spot, while pending)', 200)
  async resolveIssue(
    @Param('id', IdPipe) id: string,
    @Body() body: ResolveIssueRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    const attachments = await this.attachments.describe(body.attachments);
    return this.commandBus.execute(new ResolveIssueCommand({ issueId: id, resolution: body.resolution, attachments }, at(meta, body)));
  }
}
