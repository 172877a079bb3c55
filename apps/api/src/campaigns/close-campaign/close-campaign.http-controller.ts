import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, CloseCampaignCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { CloseCampaignRequestDto } from './close-campaign.request.dto';

@ApiTags('campaigns')
@Controller('campaigns')
export class CloseCampaignHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/close')
  @HttpCode(200)
  @ApiCommand('close a campaign: no new field work; open issues are still handled', 200)
  closeCampaign(
    @Param('id', IdPipe) id: string,
    @Body() body: CloseCampaignRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new CloseCampaignCommand({ campaignId: id, reason: body.reason ?? null }, at(meta, body)));
  }
}
